//! Pure Active Directory logic: findDirectoryUser semantics, the ordered resolver, Immutable IDs.
