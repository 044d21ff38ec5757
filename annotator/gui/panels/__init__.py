"""Side panels of the workspace; each takes the session in __init__ and listens to its signals."""

# Up to this many spans a panel rebuilds at once after a change; beyond, it waits for a pause in the
# labelling (a coalescing timer), so each key press in a 20,000-span article stays cheap.
IMMEDIATE_LIMIT = 2000
REBUILD_DELAY_MS = 150


def rebuild_soon(timer, rebuild, layer) -> None:
    if len(layer) <= IMMEDIATE_LIMIT:
        timer.stop()
        rebuild()
    else:
        timer.start()
