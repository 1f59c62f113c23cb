"""Keyset pagination for lists that may hold hundreds of thousands of rows (a province's workers).

A page is read from where the previous one ended (`?after=<pk>`) or began (`?before=<pk>`) by comparing the
ordering key, which the database walks along an index and stops after one page: page 10,000 costs the same as
page 1. The total is counted only up to a cap (`conf.count_cap()`), so a huge list says "more than 10,000"
instead of counting every row on every request.
"""

from functools import reduce
from operator import or_

from django.db.models import F, Q

AFTER, BEFORE, LAST = "after", "before", "last"
PARAMS = (AFTER, BEFORE, LAST, "page")


def _beyond(fields, values, lookup):
    """Rows strictly after (lookup "gt") or before ("lt") `values` in the lexicographic order of `fields`."""
    terms = [
        Q(**{field: value for field, value in zip(fields[:i], values[:i], strict=True)})
        & Q(**{f"{fields[i]}__{lookup}": values[i]})
        for i in range(len(fields))
    ]
    # The redundant bound on the leading field is what lets the database start its index scan at the cursor.
    return Q(**{f"{fields[0]}__{lookup}e": values[0]}) & reduce(or_, terms)


def bounded_count(queryset, cap):
    """(count, capped): the exact count when it is at most `cap`, else (cap, True), reading at most cap + 1 rows."""
    count = queryset.order_by()[: cap + 1].count()
    return (cap, True) if count > cap else (count, False)


class KeysetPage:
    """One page of rows, with the cursors of its neighbours; iterates like a Paginator page."""

    def __init__(self, rows, *, has_next, has_previous, count, count_capped, query):
        self.object_list = rows
        self.has_next = has_next
        self.has_previous = has_previous
        self.count = count
        self.count_capped = count_capped
        self._query = query

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_other_pages(self):
        return self.has_next or self.has_previous

    def _link(self, **params):
        query = self._query.copy()
        for name in PARAMS:
            query.pop(name, None)
        query.update(params)
        return "?" + query.urlencode()

    @property
    def next_link(self):
        return self._link(after=self.object_list[-1].pk) if self.has_next and self.object_list else None

    @property
    def previous_link(self):
        return self._link(before=self.object_list[0].pk) if self.has_previous and self.object_list else None

    @property
    def first_link(self):
        return self._link()

    @property
    def last_link(self):
        return self._link(last=1)


def keyset_page(queryset, order, query, size, count_cap):
    """The page of `queryset` (ordered ascending by the field names in `order`, the last one unique) that the
    request's query (a QueryDict with after=, before= or last=) asks for; an unknown cursor gives the first page."""
    fields = list(order)
    descending = [F(field).desc() for field in fields]
    cursor_pk, direction = None, None
    for name in (AFTER, BEFORE):
        value = query.get(name, "")
        if value.isascii() and value.isdigit() and len(value) <= 18:  # not "²", nor past a bigint
            cursor_pk, direction = int(value), name
            break
    key = queryset.filter(pk=cursor_pk).values_list(*fields).first() if cursor_pk is not None else None
    if key is None and query.get(LAST):
        rows = list(queryset.order_by(*descending)[: size + 1])
        has_previous, has_next = len(rows) > size, False
        rows = rows[:size][::-1]
    elif key is not None and direction == BEFORE:
        rows = list(queryset.filter(_beyond(fields, key, "lt")).order_by(*descending)[: size + 1])
        has_previous, has_next = len(rows) > size, True
        rows = rows[:size][::-1]
    else:
        page = queryset.filter(_beyond(fields, key, "gt")) if key is not None else queryset
        rows = list(page.order_by(*fields)[: size + 1])
        has_next, has_previous = len(rows) > size, key is not None
        rows = rows[:size]
    count, capped = bounded_count(queryset, count_cap)
    return KeysetPage(rows, has_next=has_next, has_previous=has_previous, count=count, count_capped=capped, query=query)
