"""Compliance: the rules engine (pure Python: facts, decision, engine, rules/) and the Django side that
records consents, opt-outs, disputes and the like, builds facts from the database and stores decisions."""
