"""
Rich text: the field editors write in (sanitized to one allowlist on every
write, `richtext.fields`) and what other places make of it: plain text, XML
text and safe web addresses (`richtext.text`). Imports no domain app.
"""
