#!/usr/bin/python3
"""A real WebRTC peer (aiortc) that listens to the audio and opens two data channels, for interop tests.

Protocol on stdin/stdout, one JSON object per line, as aiortc_listener.py:
  <- {"type": "offer", "sdp": "..."}      recvonly audio plus a data channel section
  -> {"type": "answer", "sdp": "..."}
  <- {"event": "...", ...}                 progress, then a final {"event": "done", ...}

Channels: "reliable" (ordered, reliable) and "unreliable" (unordered, maxRetransmits 0). On each, once open,
the peer sends --messages text messages "<label>:<i>" and as many binary messages (4 bytes, big-endian i), and
records every message that comes back. It stops when the audio has played --seconds and every reliable echo
has arrived (or at --timeout), then closes the "reliable" channel and reports what it saw.
"""
import argparse
import asyncio
import json
import sys
import time

from aiortc import RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def read_line():
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, sys.stdin.readline)


async def count_audio(track, stats):
    while True:
        try:
            frame = await asyncio.wait_for(track.recv(), timeout=5.0)
        except (MediaStreamError, asyncio.TimeoutError):
            return
        stats["sampleRate"] = frame.sample_rate
        stats["frames"] += 1
        stats["samples"] += frame.samples
        if stats["firstFrameAt"] is None:
            stats["firstFrameAt"] = time.monotonic()


def watch(channel, messages, report):
    log = {"label": channel.label, "opened": False, "texts": [], "binaries": [], "closed": False}
    report[channel.label] = log

    @channel.on("open")
    def on_open():
        log["opened"] = True
        for i in range(messages):
            channel.send(f"{channel.label}:{i}")
            channel.send(i.to_bytes(4, "big"))

    @channel.on("message")
    def on_message(message):
        if isinstance(message, str):
            log["texts"].append(message)
        else:
            log["binaries"].append(message.hex())

    @channel.on("close")
    def on_close():
        log["closed"] = True


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()

    pc = RTCPeerConnection()
    pc.addTransceiver("audio", direction="recvonly")
    report = {}
    channels = {
        "reliable": pc.createDataChannel("reliable"),
        "unreliable": pc.createDataChannel("unreliable", ordered=False, maxRetransmits=0),
    }
    for channel in channels.values():
        watch(channel, args.messages, report)
    stats = {"frames": 0, "samples": 0, "sampleRate": 0, "firstFrameAt": None}
    tasks = []

    @pc.on("track")
    def on_track(track):
        if track.kind == "audio":
            tasks.append(asyncio.ensure_future(count_audio(track, stats)))

    @pc.on("connectionstatechange")
    def on_state():
        emit({"event": "connectionstate", "state": pc.connectionState})

    await pc.setLocalDescription(await pc.createOffer())
    emit({"type": "offer", "sdp": pc.localDescription.sdp})
    try:
        answer = json.loads(await read_line())
        await pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type=answer["type"]))
    except Exception as error:  # the answer under test was rejected: report it, do not crash
        await pc.close()
        emit({"event": "done", "error": f"answer rejected: {error!r}"})
        return

    deadline = time.monotonic() + args.timeout
    expected = args.messages + 1  # every echo and the server's greeting
    while time.monotonic() < deadline:
        played = stats["firstFrameAt"] is not None and time.monotonic() - stats["firstFrameAt"] >= args.seconds
        reliable = report["reliable"]
        if played and len(reliable["texts"]) >= expected and len(reliable["binaries"]) >= args.messages:
            break
        await asyncio.sleep(0.05)

    # Closing one channel resets its stream; the server must close its side and keep the other channel open.
    channels["reliable"].close()
    await asyncio.sleep(1.0)
    report["unreliableStillOpen"] = channels["unreliable"].readyState == "open"
    stats["connectionState"] = pc.connectionState
    stats.pop("firstFrameAt")
    await pc.close()
    for task in tasks:
        task.cancel()
    emit({"event": "done", **stats, "channels": report})


if __name__ == "__main__":
    asyncio.run(main())
