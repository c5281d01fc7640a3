//! bumpalo 3's tests of the arena API (tests/all/alloc_fill.rs, alloc_with.rs,
//! alloc_try_with.rs, and the `_try_with` rewind cases), renamed to ours and run on every
//! arena. bumpalo bumps downwards, so its pointer-arithmetic assertions became assertions on
//! the bytes used; tests of its global-allocator failure harness (try_alloc.rs) and of its
//! chunk iteration API (which we do not have) are left out.

use core::alloc::Layout;

use bumpkit::{AllocOrInitError, Bump, SyncBump};

use crate::arena_api::{Limit, on_every_arena};

/// A large value, for the `_with` forms that promise to build it in place. bumpalo uses
/// 10 MB; debug builds copy such values through several frames, so this stays well below
/// a test thread's stack (and keeps Miri fast).
const LARGE: usize = if cfg!(miri) { 2_000 } else { 20_000 };

#[derive(Clone, Copy)]
struct LargeStruct {
    small: usize,
    big1: [u8; LARGE],
    big2: [u8; LARGE],
}

#[expect(dead_code, reason = "built and stored, never read")]
#[expect(clippy::large_enum_variant, reason = "the point of the test")]
enum LargeEnum {
    Small,
    Large([u8; LARGE]),
}

on_every_arena! {
    fn alloc_slice_fill_zero(arena) {
        arena.alloc(0u64);
        let before = arena.remaining();
        arena.alloc_slice_copy::<u64>(&[]);
        arena.alloc_slice_clone::<String>(&[]);
        arena.alloc_slice_fill_with::<String>(0, |_| panic!("should not happen"));
        arena.alloc_slice_fill_copy(0, 42u64);
        arena.alloc_slice_fill_clone(0, &"hello".to_string());
        arena.alloc_slice_fill_default::<String>(0);
        arena.alloc_slice_from_iter(std::iter::empty::<String>());
        arena.alloc_slice_fill_iter(std::iter::empty::<String>());
        arena.alloc(());
        assert_eq!(arena.remaining(), before, "zero-length slices take no room");
        let one = arena.alloc_layout(Layout::new::<u8>());
        let two = arena.alloc_layout(Layout::new::<u8>());
        assert_eq!(two.as_ptr() as usize, one.as_ptr() as usize + 1);
    }

    fn alloc_slice_overflow(arena) {
        let message = crate::common::panic_message(std::panic::catch_unwind(
            std::panic::AssertUnwindSafe(|| {
                arena.alloc_slice_fill_default::<u64>(usize::MAX);
            }),
        ));
        assert!(message.contains("elements of 8 bytes"), "{message}");
    }

    fn alloc_with_large_array(arena) {
        assert_eq!(arena.alloc_with(|| [4u8; LARGE])[LARGE - 1], 4);
    }

    fn alloc_with_large_struct(arena) {
        let s = arena.alloc_with(|| LargeStruct { small: 1, big1: [2; LARGE], big2: [3; LARGE] });
        assert_eq!((s.small, s.big1[0], s.big2[LARGE - 1]), (1, 2, 3));
    }

    fn alloc_with_large_tuple(arena) {
        let t = arena.alloc_with(|| (1u32, LargeStruct { small: 2, big1: [3; LARGE], big2: [4; LARGE] }));
        assert_eq!((t.0, t.1.small), (1, 2));
    }

    fn alloc_with_large_enum(arena) {
        assert!(matches!(arena.alloc_with(|| LargeEnum::Small), LargeEnum::Small));
        assert!(matches!(arena.alloc_with(|| LargeEnum::Large([1; LARGE])), LargeEnum::Large(_)));
    }

    fn alloc_try_with_large_array(arena) {
        let a = arena.alloc_try_with(|| Ok::<_, ()>([4u8; LARGE])).unwrap();
        assert_eq!(a[0], 4);
    }

    fn alloc_try_with_large_array_err(arena) {
        assert_eq!(arena.alloc_try_with(|| Err::<[u8; LARGE], _>(7)).map(|_| ()), Err(7));
    }

    fn alloc_try_with_large_struct(arena) {
        let s = arena
            .alloc_try_with(|| Ok::<_, ()>(LargeStruct { small: 1, big1: [2; LARGE], big2: [3; LARGE] }))
            .unwrap();
        assert_eq!(s.big2[0], 3);
    }

    fn alloc_try_with_large_enum_err(arena) {
        assert!(arena.alloc_try_with(|| Err::<LargeEnum, _>("e")).is_err());
    }

    fn try_alloc_try_with_large_array(arena) {
        let a = arena.try_alloc_try_with(|| Ok::<_, ()>([4u8; LARGE])).unwrap();
        assert_eq!(a[LARGE - 1], 4);
    }

    fn try_alloc_try_with_large_array_err(arena) {
        let err = arena.try_alloc_try_with(|| Err::<[u8; LARGE], _>(())).map(|_| ()).unwrap_err();
        assert_eq!(err, AllocOrInitError::Init(()));
    }

    fn try_alloc_try_with_at_the_limit_is_an_alloc_error(arena) {
        arena.limit(Some(0));
        let err = arena.try_alloc_try_with(|| Ok::<_, ()>([1u8; 64])).map(|_| ()).unwrap_err();
        assert!(matches!(err, AllocOrInitError::Alloc(_)));
    }

    // bumpalo: "alloc_try_with rewinds the allocator on error" (the `_try_with` section of
    // its crate docs): the room is reused by the next allocation.
    fn alloc_try_with_rewinds_on_err(arena) {
        arena.alloc(0u64);
        let before = arena.remaining();
        assert!(arena.alloc_try_with(|| Err::<[u64; 16], _>(())).is_err());
        assert_eq!(arena.remaining(), before);
        assert!(arena.alloc_slice_try_fill_with(16, |i| if i < 8 { Ok(i as u64) } else { Err(()) }).is_err());
        assert_eq!(arena.remaining(), before);
        assert!(arena.alloc_slice_try_fill_iter([Ok(1u64), Err(())]).is_err());
        assert_eq!(arena.remaining(), before);
    }

    // bumpalo's `alloc_slice_try_fill_with` / `alloc_slice_try_fill_iter` doc examples.
    fn alloc_slice_try_fill_with_and_iter(arena) {
        let x: Result<&mut [usize], ()> = arena.alloc_slice_try_fill_with(5, |i| Ok(5 * i));
        assert_eq!(x.unwrap(), &[0, 5, 10, 15, 20]);
        let x: Result<&mut [usize], ()> = arena.alloc_slice_try_fill_with(5, |n| if n == 2 { Err(()) } else { Ok(n) });
        assert_eq!(x, Err(()));
        let x: Result<&mut [i32], ()> = arena.alloc_slice_try_fill_iter([2, 3, 5].iter().map(|i| Ok(i * i)));
        assert_eq!(x.unwrap(), &[4, 9, 25]);
        let x: Result<&mut [i32], ()> = arena.alloc_slice_try_fill_iter([Ok(2), Err(()), Ok(5)]);
        assert_eq!(x, Err(()));
    }

    // bumpalo's `alloc_slice_fill_*` doc examples.
    fn alloc_slice_fill_examples(arena) {
        assert_eq!(arena.alloc_slice_fill_copy(5, 1), &[1, 1, 1, 1, 1]);
        let s = "Hello Bump!".to_string();
        let x = arena.alloc_slice_fill_clone(2, &s);
        assert_eq!(x.len(), 2);
        assert_eq!(&x[0], &s);
        assert_eq!(&x[1], &s);
        // SAFETY: the clones are dropped once each and not used again (the arena never
        // drops them, and these own heap memory).
        unsafe { core::ptr::drop_in_place(x) };
        assert_eq!(arena.alloc_slice_fill_default::<i32>(5), &[0, 0, 0, 0, 0]);
        assert_eq!(arena.alloc_slice_fill_with(5, |i| 5 * (i + 1)), &[5, 10, 15, 20, 25]);
        assert_eq!(arena.alloc_slice_fill_iter([2, 3, 5].iter().map(|i| i * i)), &[4, 9, 25]);
    }

    // bumpalo's `chunk_capacity` example, for our `remaining`.
    fn remaining_as_chunk_capacity(arena) {
        arena.alloc(0u8);
        let capacity = arena.remaining();
        assert!(capacity >= 100);
    }
}

#[test]
fn chunk_capacity_of_with_capacity() {
    assert!(Bump::with_capacity(100).remaining() >= 100);
    assert!(SyncBump::with_capacity(100).remaining() >= 100);
}
