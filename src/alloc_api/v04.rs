//! `Allocator` of allocator-api2 0.4 (the crate `allocator_api2_04`, feature `allocator-api2-04`)
//! for `&Bump`, `&SyncBump` and `&LocalBump`.

super::impl_allocator!(allocator_api2_04, "allocator-api2-04", "0.4");
