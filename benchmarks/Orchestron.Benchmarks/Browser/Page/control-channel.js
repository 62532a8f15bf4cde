// Sends the benchmark's notes over the host's control data channel instead of HTTP, when the benchmark asks for it
// (--control datachannel). The channel is opened on the listening peer connection before its offer, which is then
// negotiated with the session's control token (a listen token's holder gets no control channel). Messages follow
// the host's control format, version 1 (docs/control-channel.md): a MIDI message is
// [1, 0x03, tag (2 bytes), delay (2 bytes), status, data1, data2].
window.controlChannel = (() => {
  let channel = null;
  let tag = 0;
  const refusals = [];

  const open = (pc) => {
    channel = pc.createDataChannel('orchestron-control', { ordered: false });
    channel.binaryType = 'arraybuffer';
    channel.onmessage = (event) => {
      const bytes = new Uint8Array(event.data);
      if (bytes[1] === 0xee) refusals.push(new TextDecoder().decode(bytes.subarray(6)));
    };
  };

  const isOpen = () => channel?.readyState === 'open';

  const sendMidi = (message) => {
    if (!isOpen()) throw new Error('the control channel is not open');
    if (refusals.length > 0) throw new Error(`the host refused a control message: ${refusals[0]}`);
    tag = (tag + 1) & 0xffff;
    channel.send(new Uint8Array([1, 0x03, tag >> 8, tag & 255, 0, 0, ...message]));
  };

  return { open, isOpen, sendMidi };
})();
