"""Measure eventwire against human-coded datasets read in place (never copied into the repo).

Each format module (``acled``, ``plover``, ``petrarch``, ``indiapolice``, and ``generic`` for a
team's own hand-coded JSON Lines) turns its files into
``EvalCase`` records (an article for the coder plus the gold values) and scores the coder's
events against them into an ``EvalReport``; ``eventwire.evaluate.run`` drives the coder.
"""
