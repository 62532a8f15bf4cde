namespace Orchestron.Streaming.Audio;

/// <summary>The scheduler's timer queue: a binary min-heap of registrations by their next wake-up, growing only when full.</summary>
internal sealed class DeadlineHeap
{
    private PacerRegistration[] _items = new PacerRegistration[64];

    internal int Count { get; private set; }

    internal PacerRegistration Peek() => _items[0];

    internal void Push(PacerRegistration item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Count * 2);
        }

        var index = Count++;
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (_items[parent].WakeAt <= item.WakeAt)
            {
                break;
            }

            Place(_items[parent], index);
            index = parent;
        }

        Place(item, index);
    }

    internal PacerRegistration Pop()
    {
        var top = _items[0];
        top.HeapIndex = -1;
        var last = _items[--Count];
        _items[Count] = null!;
        if (Count > 0)
        {
            SiftDown(last, 0);
        }

        return top;
    }

    private void SiftDown(PacerRegistration item, int index)
    {
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && _items[child + 1].WakeAt < _items[child].WakeAt)
            {
                child++;
            }

            if (item.WakeAt <= _items[child].WakeAt)
            {
                break;
            }

            Place(_items[child], index);
            index = child;
        }

        Place(item, index);
    }

    private void Place(PacerRegistration item, int index)
    {
        _items[index] = item;
        item.HeapIndex = index;
    }
}
