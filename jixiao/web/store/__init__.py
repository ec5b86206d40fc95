"""The store: the core model in database tables (app label ``store``) and back (:mod:`.mapping`)."""
