"""Incidents: the event mentions of one document grouped into happenings.

`compare` scores whether a mention tells an incident already told (weights in
`data/incidents/weights.tsv`), `group` builds the incidents in text order, `merge`
reconciles their fields by stated rules. The stage is `flarewatch.stages.incidents`.
"""
