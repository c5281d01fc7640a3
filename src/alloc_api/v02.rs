//! `Allocator` of allocator-api2 0.2 (the crate `allocator_api2`, feature `allocator-api2`)
//! for `&Bump`, `&SyncBump` and `&LocalBump`.

super::impl_allocator!(allocator_api2, "allocator-api2", "0.2");
