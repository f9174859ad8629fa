"""Events leave through one long-lived loop per process, on the real Redis channel layer."""

import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from pmis.core import events


def test_events_reuse_one_loop_and_reach_the_group():
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)("events-test", channel)
    try:
        events._send(["events-test"], {"type": "pmis.event", "event": "first"})
        loop = events._publisher_loop()
        events._send(["events-test"], {"type": "pmis.event", "event": "second"})
        assert events._publisher_loop() is loop and loop.is_running()

        async def two():  # one loop for both receives, as a consumer has
            return [(await layer.receive(channel))["event"] for _ in range(2)]

        assert async_to_sync(two)() == ["first", "second"]
    finally:
        async_to_sync(layer.group_discard)("events-test", channel)


def test_a_failing_send_never_raises(monkeypatch):
    async def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(events, "_send_all", broken)
    events._send(["events-test"], {"type": "pmis.event", "event": "lost"})  # logged, not raised
    assert not asyncio.iscoroutinefunction(events._send)
