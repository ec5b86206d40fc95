"""绩效目标表 reader (stub, being written)."""

from __future__ import annotations

from jixiao.ingest.context import ReadContext
from jixiao.model.goals import GoalTables


def read_goal_tables(ctx: ReadContext) -> GoalTables:
    return GoalTables(None, None, None, (), ctx.source(1))
