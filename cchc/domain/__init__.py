"""Domain rules, one home each: services, checks and renderers call these, never a copy.

* :mod:`cchc.domain.deadlines` — the effective deadline of a task (extensions, dates,
  working-day deadlines), when a task starts to exist, the overdue rule, the working calendar
  of a dataset.
* :mod:`cchc.domain.agencies` — successor at a date, agencies existing at a date, expansion
  of agency kinds (replication orders) to the units existing then.
* :mod:`cchc.domain.leads` — the lead(s) of a criterion code in an assignment.
* :mod:`cchc.domain.citation` — how a document is cited in text and in an appendix's
  reference line.
* :mod:`cchc.domain.suggest` — the single "did you mean" helper.
* :mod:`cchc.domain.agency_names` — agency names as documents write them → agency ids.
* :mod:`cchc.domain.deadline_text` — deadline wordings of plans → the YAML deadline forms.

Dates are formatted for people only by :mod:`cchc.textvn`.
"""
