namespace Orchestron.WebRtc.Opus;

/// <summary>The <c>opus_encoder_ctl</c> request numbers used here (opus_defines.h); each GET is its SET plus one.</summary>
internal enum OpusControlRequest
{
    SetApplication = 4000,
    GetApplication = 4001,
    SetBitrate = 4002,
    GetBitrate = 4003,
    SetVbr = 4006,
    GetVbr = 4007,
    SetComplexity = 4010,
    GetComplexity = 4011,
    SetInbandFec = 4012,
    GetInbandFec = 4013,
    SetPacketLossPercent = 4014,
    GetPacketLossPercent = 4015,
    SetDtx = 4016,
    GetDtx = 4017,
    SetSignal = 4024,
    GetSignal = 4025,
    GetLookahead = 4027,
    ResetState = 4028,
    GetSampleRate = 4029,
}
