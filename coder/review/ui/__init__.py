"""The Textual review app: the only Textual code in coder. Data in (a ReviewSession), decisions out."""
