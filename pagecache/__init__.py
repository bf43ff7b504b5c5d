"""
The page cache: whole pages for anonymous readers (`pagecache.middleware`),
kept right by a site-wide content version (`pagecache.versions`), in a
Redis cache that degrades to misses when Redis fails (`pagecache.backend`).
Imports no domain app: apps tell it which models to watch and when
scheduled content goes public.
"""
