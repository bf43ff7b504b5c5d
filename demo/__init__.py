"""
The demo site and the benchmark archive: the founding story and its
explainers (`demo.content`, `manage.py load_demo`) with illustrations drawn
here (`demo.illustrations`), and a synthetic archive of any size for
benchmarks (`demo.corpus`, `manage.py generate_corpus`).
"""
