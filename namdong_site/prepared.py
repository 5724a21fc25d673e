"""Read queries whose SQL the ORM builds once per process, then runs with fresh values.

A public page runs a few fixed queries ("the five latest published news", "this unit
by its slug"). For each of them the ORM builds the queryset, resolves its filters and
ordering and writes the SQL afresh on every request: 0.2-0.4 ms of CPU per query on
these machines, more than SQLite takes to run most of them (0.05 ms), and a fifth of
an uncached page's time. ``prepared`` keeps the compiled SQL of a queryset and runs it
again with new parameter values, through Django's own iterables: model instances,
``select_related``, ``only()``, annotations, ``values_list`` and ``prefetch_related``
come out exactly as from the queryset itself. What is kept is SQL text, the
compiler's column map and each connection's row converters, never a row: every call
reads the database.

    latest = prepared(lambda: Article.objects.filter(published_at__lte=Param("now", DateTimeField()))
                      .order_by("-published_at")[:5])
    articles = latest(now=timezone.now())       # a list, read now

The queryset is built (by calling ``build``) the first time a database alias is used,
and its SQL compiled once per alias. ``build`` must therefore give the same query each
time: whatever changes between calls is a ``Param``, never a value read inside
``build`` (the clock, the language, a setting). A call returns a list; a prepared
query cannot be filtered, sliced or counted further (that would need new SQL), which
raises ``TypeError`` instead of silently running the old SQL.

``tests/test_prepared.py`` compares prepared queries with the same querysets run by the
ORM (instances field for field, new rows seen at once, values per call, threads on their
own connections); the pages' own tests and ``bench/snapshot.py`` (every public page of
the bench database, before and after) cover the site's prepared queries.
"""

import copy
import weakref

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Expression
from django.db.models.sql.query import Query


class Param(Expression):
    """A named value filled in when a prepared query runs: ``filter(slug=Param("slug", SlugField()))``.

    ``output_field`` is the field the value is compared with: it converts the value for the
    database at each call, as a plain ``filter()`` would (aware datetimes to UTC on SQLite).
    ``None`` is refused: ``= NULL`` is never true, and a plain filter would have written
    ``IS NULL`` instead.
    """

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def __repr__(self):
        return f"Param({self.name!r})"

    def as_sql(self, compiler, connection):
        return "%s", [self.slot()]

    def slot(self, convert=None):
        """The parameter placeholder, for a lookup that writes its own SQL: ``convert(value)``
        gives the database value at each call, instead of the output field's conversion."""
        return _Slot(self.name, self.output_field, convert)

    def get_group_by_cols(self):
        return []


class _Slot:
    """Where a ``Param``'s value goes in the compiled parameters."""

    __slots__ = ("name", "field", "convert")

    def __init__(self, name, field, convert=None):
        self.name, self.field, self.convert = name, field, convert

    def bind(self, values, connection):
        try:
            value = values[self.name]
        except KeyError:
            raise TypeError(f"prepared query: no value for parameter {self.name!r}") from None
        if value is None:
            raise ValueError(f"prepared query: parameter {self.name!r} is None (use a separate query for NULL)")
        if self.convert is not None:
            return self.convert(value)
        return self.field.get_db_prep_value(value, connection, prepared=False)


class _Compiled:
    __slots__ = ("template", "query", "sql", "params", "slotted")

    def __init__(self, template, connection):
        self.template = template
        compiler = template.query.get_compiler(connection=connection)
        try:
            self.sql, self.params = compiler.as_sql()
        except EmptyResultSet:
            self.sql, self.params = None, ()
        self.params = tuple(self.params)
        self.slotted = any(isinstance(param, _Slot) for param in self.params)
        self.query = template.query.chain(klass=_PreparedQuery)
        self.query.prepared_compiler = compiler
        # The row converters of each connection (they are methods of its operations object):
        # worked out once, where Django asks every column for them at every call.
        self.query.prepared_converters = weakref.WeakKeyDictionary()


class _PreparedQuery(Query):
    """The query of a prepared call: hands out its kept compiler with this call's parameters."""

    prepared_compiler = None
    prepared_converters = None
    prepared_sql = None
    prepared_params = ()

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self.prepared_compiler)
        compiler.query = self
        # The connection of this thread: the kept compiler's is the one of the thread that
        # built it, and Django's connections may not cross threads.
        compiler.connection = connection if connection is not None else connections[using]
        sql, params = self.prepared_sql, self.prepared_params
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        connection = compiler.connection
        compiler.get_converters = lambda expressions: self._converters(connection, expressions)
        return compiler

    def _converters(self, connection, expressions):
        # Called by results_iter() with the kept compiler's columns, the same at every call.
        converters = self.prepared_converters.get(connection)
        if converters is None:
            kept = self.prepared_compiler
            compiler = copy.copy(kept)
            compiler.connection = connection
            converters = self.prepared_converters[connection] = type(kept).get_converters(compiler, expressions)
        return converters

    def clone(self):
        # Every change of a query starts from a clone (filter, slice, count, exists, get):
        # the kept SQL would silently ignore it.
        raise TypeError("a prepared query cannot be changed: build another prepared query for it")


class prepared:  # noqa: N801 (used like a decorator or a function)
    """A queryset built once by ``build()`` and compiled once per database; calling it reads the rows."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def __repr__(self):
        return f"<prepared {getattr(self.build, '__qualname__', self.build)!r}>"

    def compiled(self, using):
        compiled = self._compiled.get(using)
        if compiled is None:
            template = self.build()
            if template.db != using:
                template = template.using(using)
            compiled = self._compiled[using] = _Compiled(template, connections[using])
        return compiled

    def queryset(self, using="default", **values):
        """The unevaluated queryset of one call, to read lazily (a template's ``{% for %}``).
        It cannot be changed, so it cannot serve as a ``Prefetch`` queryset either (the
        prefetch filters it by the parents' ids)."""
        compiled = self.compiled(using)
        template = compiled.template
        if compiled.sql is None:
            return template.none()
        query = copy.copy(compiled.query)
        query.prepared_sql = compiled.sql
        if compiled.slotted:
            connection = connections[using]
            query.prepared_params = tuple(
                param.bind(values, connection) if isinstance(param, _Slot) else param for param in compiled.params
            )
        else:
            query.prepared_params = compiled.params
        queryset = template.__class__(model=template.model, query=query, using=using, hints=template._hints)
        queryset._prefetch_related_lookups = template._prefetch_related_lookups
        queryset._iterable_class = template._iterable_class
        queryset._fields = template._fields
        return queryset

    def __call__(self, using="default", **values):
        return list(self.queryset(using, **values))
