//! The arenas as `allocator-api2` allocators (0.2, 0.3 and 0.4, each behind its feature),
//! driven by real clients (each version's `Vec`, hashbrown for 0.2) and checked against std;
//! and a scope's checkpoint as a floor for blocks from before it given back inside it.

/// A xorshift generator: deterministic, so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The tests every `allocator-api2` version gets, written against the crate `$api`.
macro_rules! allocator_api_tests {
    ($api:ident) => {
        use std::alloc::Layout;

        use $api::alloc::Allocator;
        use $api::vec::Vec as ApiVec;
        use bumpkit::{Bump, LocalBump, SyncBump};
        use static_assertions::{assert_impl_all, assert_not_impl_any};

        use super::Rng;

        assert_impl_all!(&'static Bump: Allocator, Copy);
        assert_impl_all!(&'static SyncBump: Allocator, Copy);
        assert_impl_all!(&'static LocalBump<'static>: Allocator, Copy);
        assert_not_impl_any!(Bump: Allocator);
        assert_not_impl_any!(SyncBump: Allocator);
        assert_not_impl_any!(LocalBump<'static>: Allocator);

        /// Drives a `Vec` in `alloc` and a `std` one through the same 20,000 random steps.
        fn vec_matches_std<A: Allocator>(alloc: A) {
            let mut v = ApiVec::with_capacity_in(3, alloc);
            let mut model = Vec::with_capacity(3);
            let mut rng = Rng(12345);
            for step in 0..crate::common::rounds(20_000) as u64 {
                match rng.next() % 8 {
                    0 if !model.is_empty() => {
                        let i = (rng.next() as usize) % model.len();
                        assert_eq!(v.remove(i), model.remove(i), "step {step}");
                    }
                    1 => {
                        let i = (rng.next() as usize) % (model.len() + 1);
                        v.insert(i, step);
                        model.insert(i, step);
                    }
                    2 => {
                        v.shrink_to_fit();
                        model.shrink_to_fit();
                        assert_eq!(v.capacity(), v.len());
                    }
                    3 => {
                        let extra = (rng.next() % 50) as usize;
                        v.reserve_exact(extra);
                        assert!(v.capacity() >= v.len() + extra);
                    }
                    4 => {
                        let len = (rng.next() as usize) % (model.len() + 1);
                        v.truncate(len);
                        model.truncate(len);
                    }
                    _ => {
                        v.push(step);
                        model.push(step);
                    }
                }
                assert_eq!(&v[..], &model[..], "step {step}");
            }
        }

        #[test]
        fn vec_in_each_arena_matches_std() {
            let bump = Bump::new();
            vec_matches_std(&bump);
            let sync = SyncBump::new();
            vec_matches_std(&sync);
            let local = sync.local();
            vec_matches_std(&local);
        }

        #[test]
        fn the_newest_vec_grows_in_place() {
            let bump = Bump::with_capacity(64 << 10);
            let mut v: ApiVec<u64, &Bump> = ApiVec::new_in(&bump);
            v.push(0);
            let start = v.as_ptr();
            for i in 1..1000 {
                v.push(i);
            }
            assert_eq!(v.as_ptr(), start);
            assert_eq!(bump.stats().allocated_bytes, v.capacity() * 8);
            v.shrink_to_fit();
            assert_eq!(bump.stats().allocated_bytes, 1000 * 8);
        }

        #[test]
        fn an_older_block_is_copied_when_it_grows() {
            let bump = Bump::new();
            let mut old: ApiVec<u32, &Bump> = ApiVec::with_capacity_in(4, &bump);
            old.extend([1, 2, 3, 4]);
            let blocker = bump.alloc(0u8);
            let before = old.as_ptr();
            old.push(5);
            assert_ne!(old.as_ptr(), before);
            assert_eq!(old, [1, 2, 3, 4, 5]);
            assert_eq!(*blocker, 0);
        }

        #[test]
        fn grow_zeroed_zeroes_the_tail_in_place_and_when_moving() {
            let bump = Bump::new();
            let alloc = &bump;
            let old = Layout::from_size_align(8, 8).unwrap();
            let new = Layout::from_size_align(64, 8).unwrap();
            for moved in [false, true] {
                let block = alloc.allocate(old).unwrap().cast::<u8>();
                // SAFETY: the block is 8 writable bytes.
                unsafe { block.write_bytes(0xAA, 8) };
                if moved {
                    bump.alloc(1u8);
                }
                // SAFETY: `block` was allocated here with `old`, and `new` is larger.
                let grown = unsafe { alloc.grow_zeroed(block, old, new) }.unwrap();
                assert_eq!(grown.len(), 64);
                assert_eq!(grown.cast::<u8>() == block, !moved);
                // SAFETY: the grown block is 64 initialised bytes.
                let bytes = unsafe { grown.as_ref() };
                assert_eq!(&bytes[..8], &[0xAA; 8]);
                assert!(bytes[8..].iter().all(|&b| b == 0));
            }
        }

        #[test]
        fn grow_and_shrink_to_a_stricter_alignment_move_the_block_and_keep_its_bytes() {
            let bump = Bump::new();
            let alloc = &bump;
            // An 8-byte block at an odd multiple of 8, so that 4096 alignment must move it.
            alloc.allocate(Layout::from_size_align(8, 4096).unwrap()).unwrap();
            let old = Layout::from_size_align(24, 8).unwrap();
            let block = alloc.allocate(old).unwrap().cast::<u8>();
            // SAFETY: the block is 24 writable bytes.
            unsafe { block.write_bytes(7, 24) };
            assert_ne!(block.as_ptr().addr() % 4096, 0);
            let strict = Layout::from_size_align(16, 4096).unwrap();
            // SAFETY: `block` was allocated here with `old`, and `strict` is smaller.
            let shrunk = unsafe { alloc.shrink(block, old, strict) }.unwrap();
            assert_eq!(shrunk.len(), 16);
            assert_eq!(shrunk.cast::<u8>().as_ptr().addr() % 4096, 0);
            // SAFETY: the shrunk block is 16 initialised bytes.
            assert_eq!(unsafe { shrunk.as_ref() }, &[7u8; 16]);
            let bigger = Layout::from_size_align(40, 8192).unwrap();
            // SAFETY: `shrunk` was allocated here with `strict`, and `bigger` is larger.
            let grown = unsafe { alloc.grow(shrunk.cast(), strict, bigger) }.unwrap();
            assert_eq!(grown.len(), 40);
            assert_eq!(grown.cast::<u8>().as_ptr().addr() % 8192, 0);
            // SAFETY: the first 16 bytes of the grown block were copied from `shrunk`.
            assert_eq!(unsafe { &grown.as_ref()[..16] }, &[7u8; 16]);
            let loose = Layout::from_size_align(8, 1).unwrap();
            // SAFETY: `grown` was allocated here with `bigger`; a looser, smaller layout.
            let kept = unsafe { alloc.shrink(grown.cast(), bigger, loose) }.unwrap();
            assert_eq!(kept.cast::<u8>(), grown.cast::<u8>());
        }

        #[test]
        fn deallocating_the_newest_block_gives_bytes_back_and_limits_give_errors() {
            let bump = Bump::new();
            let alloc = &bump;
            let layout = Layout::new::<[u64; 4]>();
            let a = alloc.allocate(layout).unwrap();
            // SAFETY: `a` was allocated here with `layout` and is not used again.
            unsafe { alloc.deallocate(a.cast(), layout) };
            assert_eq!(bump.stats().allocated_bytes, 0);
            let zero = alloc
                .allocate(Layout::from_size_align(0, 512).unwrap())
                .unwrap();
            assert_eq!(zero.cast::<u8>().as_ptr().addr() % 512, 0);
            bump.set_allocation_limit(Some(0));
            assert!(alloc.allocate(Layout::new::<[u8; 1 << 20]>()).is_err());
        }

        #[test]
        fn peak_remembers_a_block_given_back_through_deallocate() {
            let bump = Bump::new();
            let sync = bumpkit::SyncBump::new();
            let layout = Layout::new::<[u64; 64]>();
            let bump_block = (&bump).allocate(layout).unwrap();
            let sync_block = (&sync).allocate(layout).unwrap();
            // SAFETY: each block was allocated by its arena with `layout` and is not used again.
            unsafe {
                (&bump).deallocate(bump_block.cast(), layout);
                (&sync).deallocate(sync_block.cast(), layout);
            }
            for stats in [bump.stats(), sync.stats()] {
                assert_eq!(stats.allocated_bytes, 0);
                assert_eq!(stats.peak_allocated_bytes, 512);
            }
        }

        /// Allocates `layout` from `bump` through the allocator and fills it with `byte`.
        fn filled_block(bump: &Bump, layout: Layout, byte: u8) -> std::ptr::NonNull<u8> {
            let block = bump.allocate(layout).unwrap().cast::<u8>();
            // SAFETY: the block is `layout.size()` writable bytes.
            unsafe { block.write_bytes(byte, layout.size()) };
            block
        }

        #[test]
        fn a_block_from_before_a_scope_given_back_inside_it_leaves_the_checkpoint_alone() {
            let mut bump = Bump::new();
            bump.alloc(1u64);
            let layout = Layout::new::<[u8; 64]>();
            let block = filled_block(&bump, layout, 0xAA);
            let before = bump.stats().allocated_bytes;
            bump.scope(|scope| {
                // SAFETY: `block` was allocated by this arena with `layout` and is not used again.
                unsafe { (&**scope).deallocate(block, layout) };
                let fresh = filled_block(scope, Layout::new::<[u8; 256]>(), 0x55);
                assert!(fresh.as_ptr().addr() >= block.as_ptr().addr() + 64);
            });
            assert_eq!(bump.stats().allocated_bytes, before);
            let after = filled_block(&bump, layout, 0x11);
            assert!(after.as_ptr().addr() >= block.as_ptr().addr() + 64);
        }

        #[test]
        fn a_block_from_before_a_scope_shrunk_inside_it_keeps_its_bytes() {
            let mut bump = Bump::new();
            let old = Layout::new::<[u8; 64]>();
            let new = Layout::new::<[u8; 16]>();
            let block = filled_block(&bump, old, 0xAA);
            let before = bump.stats().allocated_bytes;
            let kept = bump.scope(|scope| {
                // SAFETY: `block` was allocated by this arena with `old`, and `new` is smaller.
                let kept = unsafe { (&**scope).shrink(block, old, new) }
                    .unwrap()
                    .cast::<u8>();
                let fresh = filled_block(scope, Layout::new::<[u8; 8]>(), 0x55);
                assert!(fresh.as_ptr().addr() >= block.as_ptr().addr() + 64);
                kept
            });
            assert_eq!(kept, block);
            assert_eq!(bump.stats().allocated_bytes, before);
            // SAFETY: the first 16 bytes of the block were never given back.
            assert_eq!(unsafe { kept.cast::<[u8; 16]>().read() }, [0xAA; 16]);
        }

        #[test]
        fn a_block_from_before_a_scope_grown_inside_it_does_not_claim_scope_memory() {
            let mut bump = Bump::new();
            let old = Layout::new::<[u8; 8]>();
            let new = Layout::new::<[u8; 64]>();
            let block = filled_block(&bump, old, 0xAA);
            let before = bump.stats().allocated_bytes;
            bump.scope(|scope| {
                // SAFETY: `block` was allocated by this arena with `old`, and `new` is larger.
                let grown = unsafe { (&**scope).grow(block, old, new) }
                    .unwrap()
                    .cast::<u8>();
                assert_ne!(grown, block, "the checkpoint is a floor: no growth over it");
                // SAFETY: the grown block is 64 bytes, the first 8 copied from `block`.
                assert_eq!(unsafe { grown.cast::<[u8; 8]>().read() }, [0xAA; 8]);
            });
            assert_eq!(bump.stats().allocated_bytes, before);
            // SAFETY: the old block was given up to `grow`, but the scope never released its bytes.
            assert_eq!(unsafe { block.cast::<[u8; 8]>().read() }, [0xAA; 8]);
        }

        #[test]
        fn nested_scopes_each_keep_their_own_floor() {
            let mut bump = Bump::new();
            let layout = Layout::new::<[u8; 32]>();
            let outer_block = filled_block(&bump, layout, 0x01);
            bump.scope(|outer| {
                let inner_block = filled_block(outer, layout, 0x02);
                outer.scope(|inner| {
                    // SAFETY: both blocks were allocated by this arena with `layout`, and are not
                    // used again.
                    unsafe {
                        (&**inner).deallocate(inner_block, layout);
                        (&**inner).deallocate(outer_block, layout);
                    }
                    filled_block(inner, layout, 0x03);
                });
                // The outer scope's own newest block can still be given back.
                let again = filled_block(outer, layout, 0x04);
                let at = outer.stats().allocated_bytes;
                // SAFETY: `again` was allocated here with `layout` and is not used again.
                unsafe { (&**outer).deallocate(again, layout) };
                assert_eq!(outer.stats().allocated_bytes, at - 32);
            });
            assert_eq!(bump.stats().allocated_bytes, 32);
        }
    };
}

#[cfg(feature = "allocator-api2")]
mod v02 {
    allocator_api_tests!(allocator_api2);

    use std::collections::HashMap as StdHashMap;

    use hashbrown::HashMap;

    #[test]
    fn hashbrown_map_in_the_arena_matches_std_over_100k_inserts_and_removes() {
        let bump = Bump::new();
        let mut map = HashMap::new_in(&bump);
        let mut model = StdHashMap::new();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for step in 0..crate::common::rounds(100_000) as u64 {
            let key = rng.next() % 4096;
            if rng.next() % 3 == 0 {
                assert_eq!(
                    map.remove(&key),
                    model.remove(&key),
                    "remove at step {step}"
                );
            } else {
                let value = format!("{key}:{step}");
                assert_eq!(
                    map.insert(key, value.clone()),
                    model.insert(key, value),
                    "insert at step {step}"
                );
            }
            assert_eq!(map.len(), model.len());
        }
        for (key, value) in &model {
            assert_eq!(map.get(key), Some(value));
        }
        map.shrink_to_fit();
        assert_eq!(map.len(), model.len());
        drop(map);
        assert!(bump.stats().allocated_bytes > 0);
    }
}

#[cfg(feature = "allocator-api2-03")]
mod v03 {
    allocator_api_tests!(allocator_api2_03);
}

#[cfg(feature = "allocator-api2-04")]
mod v04 {
    allocator_api_tests!(allocator_api2_04);
}
