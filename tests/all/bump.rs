//! Bump: allocation, reset, scopes, limits, stats.
