"""Routes that exist only in test mode (``ROER_TEST_MODE=true``): move the clock, run a tick.

They let tests and outside test clients drive time over plain HTTP instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, post
from litestar.params import JSONBody

from client_api.schema.testing import ClockState, ClockUpdate


@post("/test/clock", exclude_from_auth=True, status_code=200, tags=["test mode"])
async def move_clock(request: Request[Any, Any, Any], data: JSONBody[ClockUpdate]) -> ClockState:
    """Set the service clock to ``at`` and/or move it by ``advance_seconds``."""
    clock = request.app.state.clock
    if data.at is not None:
        clock.set(data.at)
    if data.advance_seconds:
        clock.advance(dt.timedelta(seconds=data.advance_seconds))
    return ClockState(now=clock.now())


@post("/test/tick", exclude_from_auth=True, status_code=200, tags=["test mode"])
async def tick(request: Request[Any, Any, Any]) -> ClockState:
    """Run every scheduled job once, now."""
    await request.app.state.ticker.run_all_now()
    return ClockState(now=request.app.state.clock.now())
