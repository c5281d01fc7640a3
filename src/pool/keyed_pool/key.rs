//! `Key`'s constructors and its `u64` form.

use core::marker::PhantomData;
use core::num::NonZeroU64;

use super::Key;

impl<T> Key<T> {
    /// Builds a key; `generation` must be odd (its top 8 bits the pool's tag).
    #[inline(always)]
    pub(super) fn new(index: u32, generation: u32) -> Self {
        debug_assert!(generation % 2 == 1);
        // `| 1` changes nothing (the generation is odd) but proves the bits non-zero.
        let bits = u64::from(generation | 1) << 32 | u64::from(index);
        Self {
            bits: NonZeroU64::new(bits).unwrap_or(NonZeroU64::MIN),
            _type: PhantomData,
        }
    }

    /// The index of the key's slot.
    #[inline(always)]
    pub(super) const fn index(self) -> u32 {
        self.bits.get() as u32
    }

    /// The generation the key's slot has while it holds the key's value: odd.
    #[inline(always)]
    pub(super) const fn generation(self) -> u32 {
        (self.bits.get() >> 32) as u32
    }

    /// Returns the key as one `u64`: the generation in the high 32 bits (the pool's tag in
    /// its top 8, the use count in the low 24), the slot index in the low ones. For storing
    /// keys outside Rust; [`Key::from_bits`] reads it back.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Key, KeyedPool};
    ///
    /// let mut pool = KeyedPool::new();
    /// let key = pool.insert('k');
    /// let tag = key.to_bits() >> 56; // the pool's tag, 1 to 255
    /// assert!((1..=255).contains(&tag));
    /// assert_eq!(key.to_bits(), (tag << 24 | 1) << 32); // slot 0, use count 1
    /// assert_eq!(Key::from_bits(key.to_bits()), Some(key));
    /// ```
    #[must_use]
    pub const fn to_bits(self) -> u64 {
        self.bits.get()
    }

    /// Rebuilds a key from [`Key::to_bits`], or returns `None` if `bits` is no key's (its
    /// generation, the high 32 bits, must be odd).
    ///
    /// The key carries the tag in the generation's top 8 bits, as any key: one from
    /// [`Key::to_bits`] is checked as the original, a key of another tag panics in debug
    /// builds. With tag 0 (the top 8 bits clear) no pool checks it: if it names no live
    /// value, lookups give `None` (and a pool with a non-zero tag never has such a value).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Key, KeyedPool};
    ///
    /// let mut pool = KeyedPool::new();
    /// pool.insert(1);
    /// let made_up = Key::<i32>::from_bits(7 << 32 | 12).unwrap();
    /// assert_eq!(pool.get(made_up), None);
    /// assert_eq!(Key::<i32>::from_bits(12), None); // generation 0
    /// ```
    #[must_use]
    pub const fn from_bits(bits: u64) -> Option<Self> {
        let generation = (bits >> 32) as u32;
        match NonZeroU64::new(bits) {
            Some(bits) if generation % 2 == 1 => Some(Self {
                bits,
                _type: PhantomData,
            }),
            _ => None,
        }
    }
}
