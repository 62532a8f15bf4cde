<CsoundSynthesizer>
<CsInstruments>
; Velvet Pad: a slow, wide string-machine pad. Three detuned saws per voice through a
; gently moving low-pass filter, an ensemble chorus and a long hall.
; sr and ksmps are left to the host (-r and -k on its command line); the voices are
; written for stereo at a full scale of 1.
nchnls = 2
0dbfs = 1

massign 0, 1
pgmassign 0, 0

chn_k "cutoff", 1, 3, 1400, 200, 8000
chn_k "motion", 1, 2, 0.4, 0, 1
chn_k "reverb", 1, 2, 0.5, 0, 1
chnset 1400, "cutoff"
chnset 0.4, "motion"
chnset 0.5, "reverb"

; At most giVoices notes sound at once: past that the oldest is released (voice stealing), and maxalloc
; bounds the voices still in their release, so a flood of held notes costs at most 16 voices.
giVoices init 12
maxalloc 1, 16

gaDryL init 0
gaDryR init 0
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
  iamp = 0.32 * (0.3 + 0.7 * ivel)

  kcutoff chnget "cutoff"
  kcutoff port kcutoff, 0.05, 1400
  kmotion chnget "motion"
  kmotion port kmotion, 0.05, 0.4

  asaw1 vco2 0.4, icps * cent(-9)
  asaw2 vco2 0.4, icps
  asaw3 vco2 0.4, icps * cent(9)
  ; The filter breathes slowly; each voice starts at its own phase so chords shimmer.
  ksweep lfo 1, 0.13 + 0.04 * rnd(1)
  kcf limit kcutoff * (icps / 261.6) ^ 0.3 * (1 + 0.6 * kmotion * ksweep), 60, 16000
  afiltL moogladder asaw1 + asaw2 * 0.7, kcf, 0.15
  afiltR moogladder asaw3 + asaw2 * 0.7, kcf, 0.15

  aenv madsr 0.6, 1.2, 0.8, 1.6
  afiltL = afiltL * aenv * iamp
  afiltR = afiltR * aenv * iamp
  gaDryL += afiltL
  gaDryR += afiltR
  gaSend += (afiltL + afiltR) * 0.5
endin

instr 100
  kreverb chnget "reverb"
  kreverb port kreverb, 0.05, 0.5
  ; An ensemble: two slowly modulated short delays per side, as in string machines.
  kmod1 lfo 0.0015, 0.6
  kmod2 lfo 0.0015, 0.83
  achorusL vdelay3 gaDryL, (0.012 + kmod1) * 1000, 50
  achorusR vdelay3 gaDryR, (0.014 + kmod2) * 1000, 50
  awetL, awetR reverbsc gaSend, gaSend, 0.9, 6500
  amixL = gaDryL * 0.6 + achorusR * 0.5 + awetL * kreverb
  amixR = gaDryR * 0.6 + achorusL * 0.5 + awetR * kreverb
  outs 0.88 * tanh(amixL / 0.88), 0.88 * tanh(amixR / 0.88)
  clear gaDryL, gaDryR, gaSend
endin

alwayson 100
</CsInstruments>
<CsScore>
f 0 z
</CsScore>
</CsoundSynthesizer>
