//! Slot-level access for serde: the slots in use, and appending a slot as read back.

use core::mem::ManuallyDrop;

use super::{KeyedPool, NONE, Payload, Slot, tag_of};
use crate::error::AllocError;

impl<T> KeyedPool<T> {
    /// Creates an empty pool to push slots into (for deserialisation): it has a fresh tag
    /// until [`push_slot`](Self::push_slot) adopts that of the slots.
    pub(crate) fn new_for_slots() -> Self {
        Self::new()
    }

    /// Returns the generation of every slot in use and its value if it holds one, in slot
    /// order (for serialisation).
    pub(crate) fn raw_slots(&self) -> impl ExactSizeIterator<Item = (u32, Option<&T>)> {
        (0..self.used).map(|index| {
            // SAFETY: `index < used`.
            let slot = unsafe { self.slot(index) };
            // SAFETY: [used] the generation of a slot below `used` is written.
            let generation = unsafe { (*slot.as_ptr()).generation };
            // SAFETY: [occupied] an odd generation: the slot holds a value, borrowed with
            // `self`.
            let value = (generation % 2 == 1).then(|| unsafe { &*(*slot.as_ptr()).payload.value });
            (generation, value)
        })
    }

    /// Appends a slot with `generation` after the slots in use: holding `value` if the
    /// generation is odd, vacant if it is even and non-zero, retired if it is 0 (for
    /// deserialisation).
    ///
    /// The pool adopts the tag of its first slot that is not retired, so the serialised keys
    /// keep reading their values and are checked as in the pool they came from; if a later
    /// slot has another tag (data from before tags, or made by hand), the pool takes tag 0
    /// and checks no key's tag.
    ///
    /// # Errors
    ///
    /// `Err(Some(error))` if the slot cannot be allocated (or there are 2<sup>32</sup> - 1
    /// already), `Err(None)` if `value` is present exactly when `generation` is even; `value`
    /// is then dropped.
    pub(crate) fn push_slot(
        &mut self,
        generation: u32,
        value: Option<T>,
    ) -> Result<(), Option<AllocError>> {
        if (generation % 2 == 1) != value.is_some() {
            return Err(None);
        }
        if self.used == self.slot_count() {
            self.grow().map_err(Some)?;
        }
        if generation != 0 {
            // INVARIANT: [tag] a generation's top 8 bits are in `0..=255`.
            if self.used == self.retired {
                self.tag = tag_of(generation);
            } else if tag_of(generation) != self.tag {
                self.tag = 0;
            }
        }
        // SAFETY: `used < slot_count` (checked or grown above); the slot is written just
        // below.
        let index = unsafe { self.use_fresh_slot() };
        // SAFETY: `index < used` now.
        let slot = unsafe { self.slot(index) };
        let vacant = generation % 2 == 0 && generation != 0;
        let payload = match value {
            // INVARIANT: [occupied] [count] an odd generation with a value.
            Some(value) => {
                self.len += 1;
                Payload {
                    value: ManuallyDrop::new(value),
                }
            }
            None => {
                if !vacant {
                    // INVARIANT: [retired] generation 0, on no list.
                    self.retired += 1;
                }
                // A vacant slot is made reusable once written, below.
                Payload { next: NONE }
            }
        };
        // SAFETY: [chunks] the slot is in a chunk and was never written, so writing drops
        // nothing.
        unsafe {
            slot.write(Slot {
                generation,
                payload,
            })
        };
        if vacant {
            // SAFETY: the slot at `index < used` is written with an even, non-zero
            // generation (so its use count is even, below `COUNT_MASK`) and on no list.
            unsafe { self.push_vacant(index, slot) };
        }
        Ok(())
    }
}
