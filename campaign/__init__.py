"""The campaign app: letter 31/MTTQ-BTT, its target units, tasks and the contest."""
