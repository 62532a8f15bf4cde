<CsoundSynthesizer>
<CsInstruments>
; Plucked Strings: a tuned string resonator with a wooden body resonance, soft
; stereo chorus and a hall. Velocity sets both loudness and how bright the pluck is.
; sr and ksmps are left to the host (-r and -k on its command line); the voices are
; written for stereo at a full scale of 1.
nchnls = 2
0dbfs = 1

massign 0, 1
pgmassign 0, 0

chn_k "brightness", 1, 2, 0.6, 0, 1
chn_k "reverb", 1, 2, 0.3, 0, 1
chnset 0.6, "brightness"
chnset 0.3, "reverb"

; At most giVoices notes sound at once: past that the oldest is released (voice stealing), and maxalloc
; bounds the voices still in their release, so a flood of held notes costs at most 24 voices.
giVoices init 16
maxalloc 1, 24

gaDry init 0
gaSend init 0

; The voice, played by MIDI (note number and velocity) or by a score event (p4 note, p5 velocity 0..1).
instr 1
  if active:i(1, 0, 1) > giVoices then
    turnoff2_i 1, 1, 1
  endif
  ichannel midichn
  if ichannel > 0 then
    inote notnum
    ivel veloc 0, 1
  else
    inote = p4
    ivel = p5
  endif
  icps = cpsmidinn(inote)
  ibright chnget "brightness"

  ; The pluck: a few milliseconds of noise, shorter and brighter the harder the string is struck.
  anoise rand 1
  aburst linseg 1, 0.003 + 0.005 * (1 - ivel), 0, 1, 0
  aburst butterlp anoise * aburst, 700 + 9000 * ibright * (0.35 + 0.65 * ivel)
  ; The string: a tuned resonator whose loop gain gives low notes a longer ring (T60 in seconds).
  iring = 4.5 * (220 / icps) ^ 0.5
  astring streson aburst, icps, 10 ^ (-3 / (icps * iring))
  astring dcblock2 astring
  astring tone astring, 2500 + 9000 * ibright
  ; A small wooden body: low air and top resonances.
  abody eqfil astring, 110, 60, 2.2
  abody eqfil abody, 230, 90, 1.6
  ; Lifting the finger damps the string quickly but without a click.
  adamp linsegr 1, 1, 1, 0.35, 0
  aout = abody * adamp * 0.36 * (0.25 + 0.75 * ivel)
  gaDry += aout
  gaSend += aout
endin

instr 100
  kreverb chnget "reverb"
  kreverb port kreverb, 0.05, 0.3
  ; A slow, shallow chorus widens the mono strings into a stereo image.
  kmodL lfo 0.0012, 0.31
  kmodR lfo 0.0012, 0.37
  adelL vdelay3 gaDry, (0.011 + kmodL) * 1000, 50
  adelR vdelay3 gaDry, (0.013 + kmodR) * 1000, 50
  awetL, awetR reverbsc gaSend, gaSend, 0.85, 8000
  amixL = gaDry * 0.7 + adelL * 0.35 + awetL * kreverb
  amixR = gaDry * 0.7 + adelR * 0.35 + awetR * kreverb
  outs 0.88 * tanh(amixL / 0.88), 0.88 * tanh(amixR / 0.88)
  clear gaDry, gaSend
endin

alwayson 100
</CsInstruments>
<CsScore>
f 0 z
</CsScore>
</CsoundSynthesizer>
