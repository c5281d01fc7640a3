//! `Allocator` of allocator-api2 0.3 (the crate `allocator_api2_03`, feature `allocator-api2-03`)
//! for `&Bump`, `&SyncBump` and `&LocalBump`.

super::impl_allocator!(allocator_api2_03, "allocator-api2-03", "0.3");
