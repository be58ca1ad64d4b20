"""What the pipeline knows, apart from the stages that use it: the gazetteer, the actor catalogue,
the trigger lexicon, place and date words, weapon names.

Resources are not stages: they are built once and handed to stages through ``__init__``
(``pipeline/build.py``), and the registry, the tracker and the monitor read them too.
"""
