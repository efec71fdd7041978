// A minimal io_uring ring over raw syscalls (io_uring_setup/enter/register, mmap; no liburing):
// set-up with an eventfd that the kernel signals on every completion, handing out zeroed SQEs,
// submitting them, and reaping CQEs.
// Invariant: one thread uses a Ring; no SQPOLL, so the kernel reads SQEs only inside Submit and
// every SQE handed out is either submitted or withdrawn before Submit returns.
// Requires: no more operations in flight than CqCapacity() (the caller bounds this), so the
// completion queue never overflows.
#pragma once

#include <linux/io_uring.h>

#include <cstddef>
#include <cstdint>

class Ring {
 public:
  Ring() = default;
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;
  ~Ring() { Destroy(); }

  /** Sets the ring up with at least `entries` submission slots; 0 or -errno. */
  int Setup(unsigned entries);
  /** Unmaps the rings and closes the ring and eventfd; idempotent. */
  void Destroy();

  bool IsOpen() const { return ringFd_ >= 0; }
  unsigned SqCapacity() const { return sqEntries_; }
  unsigned CqCapacity() const { return cqEntries_; }
  int EventFd() const { return eventFd_; }

  /** A zeroed SQE queued for the next Submit, or nullptr when the submission queue is full. */
  io_uring_sqe* NextSqe();
  /**
   * Submits every SQE handed out since the last Submit; returns how many the kernel took (in
   * order). On a failure the rest are withdrawn and *error is set to -errno.
   */
  unsigned Submit(int* error);
  /** Calls visit(user_data, res) for each completion, oldest first; returns the count. */
  template <typename Visit>
  unsigned Reap(Visit visit);
  /** Blocks until at least one completion is queued (for teardown); 0 or -errno. */
  int WaitForCompletion();
  /** Clears the eventfd's counter so that the next completion wakes its poller again. */
  void DrainEventFd();

 private:
  int MapRings(const io_uring_params& params);
  int CheckOpcodes();
  int RegisterEventFd();

  int ringFd_ = -1;
  int eventFd_ = -1;
  void* sqRing_ = nullptr;
  void* cqRing_ = nullptr;
  size_t sqRingSize_ = 0;
  size_t cqRingSize_ = 0;
  io_uring_sqe* sqes_ = nullptr;
  size_t sqesSize_ = 0;
  unsigned sqEntries_ = 0;
  unsigned cqEntries_ = 0;

  unsigned* sqHead_ = nullptr;  // advanced by the kernel
  unsigned* sqTail_ = nullptr;  // advanced by us (published in Submit)
  unsigned* sqArray_ = nullptr;
  unsigned sqMask_ = 0;
  unsigned sqLocalTail_ = 0;  // tail including SQEs not yet published
  unsigned sqUnsubmitted_ = 0;

  unsigned* cqHead_ = nullptr;  // advanced by us
  unsigned* cqTail_ = nullptr;  // advanced by the kernel
  io_uring_cqe* cqes_ = nullptr;
  unsigned cqMask_ = 0;
};

template <typename Visit>
unsigned Ring::Reap(Visit visit) {
  if (!IsOpen()) return 0;
  unsigned head = *cqHead_;
  unsigned count = 0;
  while (head != __atomic_load_n(cqTail_, __ATOMIC_ACQUIRE)) {
    const io_uring_cqe& cqe = cqes_[head & cqMask_];
    const uint64_t userData = cqe.user_data;
    const int32_t res = cqe.res;
    head++;
    __atomic_store_n(cqHead_, head, __ATOMIC_RELEASE);  // the slot is free before visit runs
    visit(userData, res);
    count++;
  }
  return count;
}
