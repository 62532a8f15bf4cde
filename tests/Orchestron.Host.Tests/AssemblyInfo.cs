// Real-time tests (live streams to real peers, browsers) share two cores with everything else in this
// assembly; run its tests one at a time so that none of them measures another's load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
