//! serde for [`Key`] and [`KeyedPool`]: keys as their `u64` bits, the pool as its slots, so
//! a pool and the keys stored anywhere round-trip together.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::{Key, KeyedPool};

/// A key serialises as [`Key::to_bits`]: one `u64`.
///
/// # Examples
///
/// ```
/// use bumpkit::{Key, KeyedPool};
///
/// let mut pool = KeyedPool::new();
/// let key = pool.insert("v");
/// let json = serde_json::to_string(&key)?;
/// assert_eq!(json, key.to_bits().to_string()); // the pool's tag and use count 1, slot 0
/// assert_eq!(serde_json::from_str::<Key<&str>>(&json)?, key);
/// assert!(serde_json::from_str::<Key<&str>>("12").is_err()); // generation 0
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<T> Serialize for Key<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.to_bits())
    }
}

impl<'de, T> Deserialize<'de> for Key<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bits = u64::deserialize(deserializer)?;
        Key::from_bits(bits).ok_or_else(|| {
            de::Error::invalid_value(
                de::Unexpected::Unsigned(bits),
                &"a key: an odd generation in the high 32 bits",
            )
        })
    }
}

/// A pool serialises as the sequence of its slots in use, in slot order: `[generation,
/// value]` for a slot holding a value (the generation is odd), `[generation, null]` for a
/// vacant one (even; 0 for a retired slot). A generation's top 8 bits are the pool's tag
/// (see [`Key`]).
///
/// Deserialising rebuilds the same slots with the same generations, so every key of the
/// serialised pool reaches the same value, stale keys stay stale and retired slots stay
/// retired. Which vacant slot the next insert takes may differ. The new pool adopts the tag
/// of its slots, so keys of the serialised pool are checked as there (debug builds panic on
/// a key of another tag); if the slots' tags differ (data made by hand, or before tags), the
/// pool gets tag 0 and checks no key's tag.
///
/// # Examples
///
/// ```
/// use bumpkit::{Key, KeyedPool};
///
/// let mut graph: KeyedPool<(String, Vec<Key<()>>)> = KeyedPool::new();
/// let a = graph.insert(("a".into(), vec![]));
/// let gone = graph.insert(("gone".into(), vec![]));
/// let b = graph.insert(("b".into(), vec![]));
/// graph.remove(gone);
/// let json = serde_json::to_string(&graph)?;
/// let tag = a.to_bits() >> 56 << 24; // the pool's tag, in the generations' top 8 bits
/// let (one, two) = (tag | 1, tag | 2);
/// assert_eq!(json, format!(r#"[[{one},["a",[]]],[{two},null],[{one},["b",[]]]]"#));
/// let back: KeyedPool<(String, Vec<Key<()>>)> = serde_json::from_str(&json)?;
/// assert_eq!((back[a].0.as_str(), back[b].0.as_str()), ("a", "b"));
/// assert!(back.get(gone).is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<T: Serialize> Serialize for KeyedPool<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let slots = self.raw_slots();
        let mut seq = serializer.serialize_seq(Some(slots.len()))?;
        for slot in slots {
            seq.serialize_element(&slot)?;
        }
        seq.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for KeyedPool<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(PoolVisitor(PhantomData))
    }
}

/// Reads a pool's slots.
struct PoolVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PoolVisitor<T> {
    type Value = KeyedPool<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence of [generation, value or null] slots")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyedPool<T>, A::Error> {
        let mut pool = KeyedPool::new_for_slots();
        while let Some((generation, value)) = seq.next_element::<(u32, Option<T>)>()? {
            pool.push_slot(generation, value).map_err(|err| match err {
                Some(err) => de::Error::custom(err),
                None => de::Error::custom(format_args!(
                    "bumpkit: slot {} has generation {generation}: a value must be there exactly when it is odd",
                    pool.raw_slots().len()
                )),
            })?;
        }
        Ok(pool)
    }
}
