"""
One module per database: each offers `named(model, fields, terms)` (rows
whose names match the whole query) and `search(terms, entities)` (the
matching published articles and their rank). `search.matching` picks one.
"""
