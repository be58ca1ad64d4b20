"""The tracker: links stored events to peace processes and says where each process stands, and why.

``signals`` reads what an event means for a process; ``linking`` decides which processes it bears
on; ``verdicts`` and ``claims`` keep the rule layer and each source's stance apart from human
adjudication; ``status`` turns a process's evidence into its status timeline; ``refresh`` runs them
over the store.
"""
