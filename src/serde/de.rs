//! `DeserializeIn`, its seed `InArena`, the visitor helpers, and the impls for primitives and
//! std types (the arena collections' impls are in `de_arena.rs`).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess,
    Visitor,
};

use crate::arena::Arena;
use crate::collections::ArenaVec;
use crate::raw::bump::Bump;
use crate::typed_alloc;

/// A type that can be deserialized into an arena: serde's `Deserialize`, given the arena its
/// collections live in (feature `serde`).
///
/// `'a` is the arena's lifetime; the deserializer's own lifetime `'de` is chosen per call, so
/// an implementation never borrows the input and can build `&'a str` (copied into the arena)
/// from any deserializer. See [the module docs](crate::serde) for the implementing types and
/// a user-defined implementation.
///
/// # Errors
///
/// Implementations return the deserializer's error for malformed input, and
/// `D::Error::custom` (a message starting `bumpkit:`) when the arena cannot allocate.
///
/// # Examples
///
/// ```
/// use bumpkit::serde::DeserializeIn;
/// use bumpkit::{ArenaBox, Bump};
///
/// let bump = Bump::new();
/// let mut de = serde_json::Deserializer::from_str(r#"[1, "two", null]"#);
/// let (one, two, three) =
///     <(u8, ArenaBox<str>, Option<&str>)>::deserialize_in(&mut de, &bump)?;
/// assert_eq!((one, &*two, three), (1, "two", None));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait DeserializeIn<'a, A: Arena = Bump>: Sized {
    /// Deserializes a value, allocating what it holds in `arena`.
    ///
    /// # Errors
    ///
    /// The deserializer's error for malformed input; `D::Error::custom` when the arena
    /// cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::serde::DeserializeIn;
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut de = serde_json::Deserializer::from_str("[3, 4]");
    /// let v = ArenaVec::<u32>::deserialize_in(&mut de, &bump)?;
    /// assert_eq!(v, [3, 4]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error>;
}

/// A [`DeserializeSeed`] that deserializes a `T` into an arena with [`DeserializeIn`]
/// (feature `serde`).
///
/// Format crates and visitors take seeds: pass `InArena::new(arena)` to `deserialize`,
/// `next_element_seed`, `next_key_seed` or `next_value_seed`.
///
/// # Examples
///
/// ```
/// use bumpkit::serde::InArena;
/// use bumpkit::{ArenaString, Bump};
/// use serde::de::DeserializeSeed;
///
/// let bump = Bump::new();
/// let mut de = serde_json::Deserializer::from_str(r#""tab\tbed""#);
/// let s = InArena::<ArenaString>::new(&bump).deserialize(&mut de)?;
/// assert_eq!(s, "tab\tbed");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub struct InArena<'a, T, A: Arena = Bump> {
    arena: &'a A,
    marker: PhantomData<fn() -> T>,
}

impl<'a, T, A: Arena> InArena<'a, T, A> {
    /// Makes a seed that deserializes a `T` into `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::serde::InArena;
    /// use bumpkit::{ArenaVec, Bump};
    /// use serde::de::DeserializeSeed;
    ///
    /// let bump = Bump::new();
    /// let seed = InArena::<ArenaVec<bool>>::new(&bump);
    /// let v = seed.deserialize(&mut serde_json::Deserializer::from_str("[true]"))?;
    /// assert_eq!(v, [true]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[inline]
    #[must_use]
    pub const fn new(arena: &'a A) -> Self {
        Self {
            arena,
            marker: PhantomData,
        }
    }

    /// Returns the arena the seed deserializes into.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::serde::InArena;
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let seed = InArena::<u8>::new(&bump);
    /// assert!(std::ptr::eq(seed.arena(), &bump));
    /// ```
    #[inline]
    #[must_use]
    pub const fn arena(&self) -> &'a A {
        self.arena
    }
}

impl<'de, 'a, T: DeserializeIn<'a, A>, A: Arena> DeserializeSeed<'de> for InArena<'a, T, A> {
    type Value = T;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_in(deserializer, self.arena)
    }
}

impl<T, A: Arena> Clone for InArena<'_, T, A> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, A: Arena> Copy for InArena<'_, T, A> {}

impl<T, A: Arena> fmt::Debug for InArena<'_, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InArena")
            .field("type", &core::any::type_name::<T>())
            .finish_non_exhaustive()
    }
}

/// Any owned `T: Deserialize`, deserialized as `T` is, for a place that needs
/// [`DeserializeIn`] (feature `serde`).
///
/// There is no blanket `DeserializeIn` impl for every `Deserialize` type (it would overlap with
/// the impls for `Option<T>`, tuples and arrays of arena values); this wrapper is the way to put
/// any other serde type, such as a `HashMap`, inside an arena structure.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
///
/// use bumpkit::serde::{DeserializeIn, Owned};
/// use bumpkit::{ArenaVec, Bump};
///
/// let bump = Bump::new();
/// let mut de = serde_json::Deserializer::from_str(r#"[{"a": 1}, {"b": 2}]"#);
/// let maps = ArenaVec::<Owned<BTreeMap<String, u8>>>::deserialize_in(&mut de, &bump)?;
/// assert_eq!(maps[1].0["b"], 2);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Owned<T>(pub T);

impl<'a, T: DeserializeOwned, A: Arena> DeserializeIn<'a, A> for Owned<T> {
    #[inline]
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        _: &'a A,
    ) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Owned)
    }
}

/// Reads the rest of a sequence into an [`ArenaVec`], each element with [`DeserializeIn`]: the
/// body of a visitor's `visit_seq` (feature `serde`).
///
/// # Errors
///
/// The sequence's error when an element is malformed (the elements read so far are dropped),
/// or `S::Error::custom` when the arena cannot allocate.
///
/// # Examples
///
/// ```
/// use std::fmt;
///
/// use bumpkit::serde::seq_in;
/// use bumpkit::{ArenaVec, Bump};
/// use serde::de::{Deserializer, SeqAccess, Visitor};
///
/// struct Numbers<'a>(&'a Bump);
///
/// impl<'de, 'a> Visitor<'de> for Numbers<'a> {
///     type Value = ArenaVec<'a, i32>;
///     fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         f.write_str("a list of numbers")
///     }
///     fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Self::Value, S::Error> {
///         seq_in(seq, self.0)
///     }
/// }
///
/// let bump = Bump::new();
/// let mut de = serde_json::Deserializer::from_str("[-1, 2]");
/// assert_eq!(de.deserialize_seq(Numbers(&bump))?, [-1, 2]);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn seq_in<'de, 'a, T, A, S>(mut seq: S, arena: &'a A) -> Result<ArenaVec<'a, T, A>, S::Error>
where
    T: DeserializeIn<'a, A>,
    A: Arena,
    S: SeqAccess<'de>,
{
    let mut items = ArenaVec::try_with_capacity_in(cautious::<T>(seq.size_hint()), arena)
        .map_err(de::Error::custom)?;
    while let Some(item) = seq.next_element_seed(InArena::new(arena))? {
        items.try_push(item).map_err(de::Error::custom)?;
    }
    Ok(items)
}

/// Reads the rest of a map into an [`ArenaVec`] of key-value pairs in input order, keys and
/// values with [`DeserializeIn`]: the body of a visitor's `visit_map` (feature `serde`).
///
/// Duplicate keys are kept, in input order.
///
/// # Errors
///
/// The map's error when an entry is malformed (the entries read so far are dropped), or
/// `M::Error::custom` when the arena cannot allocate.
///
/// # Examples
///
/// ```
/// use std::fmt;
///
/// use bumpkit::serde::map_in;
/// use bumpkit::{ArenaVec, Bump};
/// use serde::de::{Deserializer, MapAccess, Visitor};
///
/// struct Scores<'a>(&'a Bump);
///
/// impl<'de, 'a> Visitor<'de> for Scores<'a> {
///     type Value = ArenaVec<'a, (&'a str, u8)>;
///     fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         f.write_str("names with scores")
///     }
///     fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
///         map_in(map, self.0)
///     }
/// }
///
/// let bump = Bump::new();
/// let mut de = serde_json::Deserializer::from_str(r#"{"ann": 3, "bob": 5}"#);
/// assert_eq!(de.deserialize_map(Scores(&bump))?, [("ann", 3), ("bob", 5)]);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn map_in<'de, 'a, K, V, A, M>(
    mut map: M,
    arena: &'a A,
) -> Result<ArenaVec<'a, (K, V), A>, M::Error>
where
    K: DeserializeIn<'a, A>,
    V: DeserializeIn<'a, A>,
    A: Arena,
    M: MapAccess<'de>,
{
    let mut entries = ArenaVec::try_with_capacity_in(cautious::<(K, V)>(map.size_hint()), arena)
        .map_err(de::Error::custom)?;
    while let Some(entry) = map.next_entry_seed(InArena::new(arena), InArena::new(arena))? {
        entries.try_push(entry).map_err(de::Error::custom)?;
    }
    Ok(entries)
}

/// Copies `s` into `arena`, turning an allocation failure into the deserializer's error: the
/// body of a visitor's `visit_str` (feature `serde`).
///
/// # Errors
///
/// `E::custom` when the arena cannot allocate.
///
/// # Examples
///
/// ```
/// use bumpkit::Bump;
/// use bumpkit::serde::str_in;
///
/// let bump = Bump::new();
/// let copy: &str = str_in::<_, serde_json::Error>(&String::from("kept"), &bump)?;
/// assert_eq!(copy, "kept");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[inline]
pub fn str_in<'a, A: Arena, E: de::Error>(s: &str, arena: &'a A) -> Result<&'a str, E> {
    match typed_alloc::try_alloc_str(arena, s) {
        Ok(copy) => Ok(copy),
        Err(err) => Err(E::custom(err)),
    }
}

/// The capacity to reserve for a sequence of `hint` elements: serde's own cap (at most 1 MiB
/// up front), so a hostile length prefix cannot make one huge allocation.
#[inline]
pub(super) fn cautious<T>(hint: Option<usize>) -> usize {
    const MAX_PREALLOC_BYTES: usize = 1024 * 1024;
    match size_of::<T>() {
        0 => 0,
        size => hint.unwrap_or(0).min(MAX_PREALLOC_BYTES / size),
    }
}

/// `DeserializeIn` for types that hold nothing in the arena: their `Deserialize` impl.
macro_rules! deserialize_owned {
    ($($ty:ty),* $(,)?) => {$(
        /// Deserialized as its `Deserialize` impl does; the arena is not used (feature `serde`).
        impl<'a, A: Arena> DeserializeIn<'a, A> for $ty {
            #[inline]
            fn deserialize_in<'de, D: Deserializer<'de>>(
                deserializer: D,
                _: &'a A,
            ) -> Result<Self, D::Error> {
                <$ty as Deserialize<'de>>::deserialize(deserializer)
            }
        }
    )*};
}

deserialize_owned!(
    (),
    bool,
    char,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    String,
);

/// `Option<T>`: `None` for a unit or null, else `T` (feature `serde`).
impl<'a, T: DeserializeIn<'a, A>, A: Arena> DeserializeIn<'a, A> for Option<T> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(InArena::new(arena)))
    }
}

struct OptionVisitor<'a, T, A: Arena>(InArena<'a, T, A>);

impl<'de, 'a, T: DeserializeIn<'a, A>, A: Arena> Visitor<'de> for OptionVisitor<'a, T, A> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}

/// `Box<T>` on the heap, its value read with [`DeserializeIn`] (feature `serde`).
impl<'a, T: DeserializeIn<'a, A>, A: Arena> DeserializeIn<'a, A> for Box<T> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        T::deserialize_in(deserializer, arena).map(Box::new)
    }
}

/// `Vec<T>` on the heap, its elements read with [`DeserializeIn`] (feature `serde`).
impl<'a, T: DeserializeIn<'a, A>, A: Arena> DeserializeIn<'a, A> for Vec<T> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(HeapSeqVisitor {
            seed: InArena::new(arena),
            len: None,
        })
    }
}

/// `[T; N]`: a tuple of exactly `N` elements, read with [`DeserializeIn`] (feature `serde`).
///
/// The elements are gathered on the heap first (one allocation of `N` elements).
impl<'a, T: DeserializeIn<'a, A>, A: Arena, const N: usize> DeserializeIn<'a, A> for [T; N] {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        let items = deserializer.deserialize_tuple(
            N,
            HeapSeqVisitor {
                seed: InArena::new(arena),
                len: Some(N),
            },
        )?;
        // The visitor returns exactly `N` items or an error.
        items
            .try_into()
            .map_err(|items: Vec<T>| de::Error::invalid_length(items.len(), &"an array"))
    }
}

/// Reads a sequence into a `Vec<T>`; with `len`, exactly that many elements.
struct HeapSeqVisitor<'a, T, A: Arena> {
    seed: InArena<'a, T, A>,
    len: Option<usize>,
}

impl<'de, 'a, T: DeserializeIn<'a, A>, A: Arena> Visitor<'de> for HeapSeqVisitor<'a, T, A> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.len {
            Some(len) => write!(f, "an array of length {len}"),
            None => f.write_str("a sequence"),
        }
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Vec<T>, S::Error> {
        let capacity = self.len.unwrap_or_else(|| cautious::<T>(seq.size_hint()));
        let mut items = Vec::with_capacity(capacity);
        while self.len.is_none_or(|len| items.len() < len) {
            match seq.next_element_seed(self.seed)? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        match self.len {
            Some(len) if items.len() < len => Err(de::Error::invalid_length(items.len(), &self)),
            _ => Ok(items),
        }
    }
}

/// `DeserializeIn` for tuples: a sequence of exactly their length.
macro_rules! deserialize_tuple {
    ($len:literal => $($name:ident)+) => {
        /// A tuple, each field read with [`DeserializeIn`] (feature `serde`).
        impl<'a, A: Arena, $($name: DeserializeIn<'a, A>),+> DeserializeIn<'a, A> for ($($name,)+) {
            fn deserialize_in<'de, D: Deserializer<'de>>(
                deserializer: D,
                arena: &'a A,
            ) -> Result<Self, D::Error> {
                struct TupleVisitor<'a, A: Arena, $($name),+>(&'a A, PhantomData<fn() -> ($($name,)+)>);

                impl<'de, 'a, A: Arena, $($name: DeserializeIn<'a, A>),+> Visitor<'de>
                    for TupleVisitor<'a, A, $($name),+>
                {
                    type Value = ($($name,)+);

                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a tuple of size ", $len))
                    }

                    #[allow(non_snake_case, reason = "the fields are named after their types")]
                    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Self::Value, S::Error> {
                        let mut read = 0;
                        $(
                            let Some($name) = seq.next_element_seed(InArena::<$name, A>::new(self.0))? else {
                                return Err(de::Error::invalid_length(read, &self));
                            };
                            read += 1;
                        )+
                        let _ = read;
                        Ok(($($name,)+))
                    }
                }

                deserializer.deserialize_tuple($len, TupleVisitor(arena, PhantomData))
            }
        }
    };
}

deserialize_tuple!(1 => T0);
deserialize_tuple!(2 => T0 T1);
deserialize_tuple!(3 => T0 T1 T2);
deserialize_tuple!(4 => T0 T1 T2 T3);
deserialize_tuple!(5 => T0 T1 T2 T3 T4);
deserialize_tuple!(6 => T0 T1 T2 T3 T4 T5);
