// Ring set-up, submission and teardown with raw syscalls; see ring.h for the contract.
// Ring layout (kernel ABI): the SQ ring holds head/tail/mask and an index array into the SQE
// array (mapped separately); the CQ ring holds head/tail/mask and the CQEs themselves. With
// IORING_FEAT_SINGLE_MMAP both rings share one mapping.
#include "ring.h"

#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace {

int SysSetup(unsigned entries, io_uring_params* params) {
  return static_cast<int>(syscall(__NR_io_uring_setup, entries, params));
}

int SysEnter(int fd, unsigned toSubmit, unsigned minComplete, unsigned flags) {
  return static_cast<int>(syscall(__NR_io_uring_enter, fd, toSubmit, minComplete, flags, nullptr, 0));
}

int SysRegister(int fd, unsigned opcode, const void* arg, unsigned count) {
  return static_cast<int>(syscall(__NR_io_uring_register, fd, opcode, arg, count));
}

template <typename T>
T* At(void* base, uint32_t offset) {
  return reinterpret_cast<T*>(static_cast<char*>(base) + offset);
}

void* MapRegion(int fd, size_t size, off_t offset) {
  void* region = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
  return region == MAP_FAILED ? nullptr : region;
}

}  // namespace

int Ring::Setup(unsigned entries) {
  if (IsOpen()) return -EBUSY;
  io_uring_params params;
  memset(&params, 0, sizeof params);
  // SUBMIT_ALL (5.18+): an SQE that fails early completes with its error instead of stopping
  // the rest of the submission. Older kernels reject the flag; they get a plain ring.
  params.flags = IORING_SETUP_SUBMIT_ALL;
  int fd = SysSetup(entries, &params);
  if (fd < 0 && errno == EINVAL) {
    memset(&params, 0, sizeof params);
    fd = SysSetup(entries, &params);
  }
  if (fd < 0) return -errno;
  ringFd_ = fd;
  int error = MapRings(params);
  if (error == 0) error = CheckOpcodes();
  if (error == 0) error = RegisterEventFd();
  if (error != 0) Destroy();
  return error;
}

int Ring::MapRings(const io_uring_params& params) {
  sqEntries_ = params.sq_entries;
  cqEntries_ = params.cq_entries;
  sqRingSize_ = params.sq_off.array + params.sq_entries * sizeof(unsigned);
  cqRingSize_ = params.cq_off.cqes + params.cq_entries * sizeof(io_uring_cqe);
  const bool single = (params.features & IORING_FEAT_SINGLE_MMAP) != 0;
  if (single) sqRingSize_ = cqRingSize_ = std::max(sqRingSize_, cqRingSize_);

  sqRing_ = MapRegion(ringFd_, sqRingSize_, IORING_OFF_SQ_RING);
  if (sqRing_ == nullptr) return -errno;
  cqRing_ = single ? sqRing_ : MapRegion(ringFd_, cqRingSize_, IORING_OFF_CQ_RING);
  if (cqRing_ == nullptr) return -errno;
  sqesSize_ = params.sq_entries * sizeof(io_uring_sqe);
  sqes_ = static_cast<io_uring_sqe*>(MapRegion(ringFd_, sqesSize_, IORING_OFF_SQES));
  if (sqes_ == nullptr) return -errno;

  sqHead_ = At<unsigned>(sqRing_, params.sq_off.head);
  sqTail_ = At<unsigned>(sqRing_, params.sq_off.tail);
  sqMask_ = *At<unsigned>(sqRing_, params.sq_off.ring_mask);
  sqArray_ = At<unsigned>(sqRing_, params.sq_off.array);
  sqLocalTail_ = *sqTail_;
  cqHead_ = At<unsigned>(cqRing_, params.cq_off.head);
  cqTail_ = At<unsigned>(cqRing_, params.cq_off.tail);
  cqMask_ = *At<unsigned>(cqRing_, params.cq_off.ring_mask);
  cqes_ = At<io_uring_cqe>(cqRing_, params.cq_off.cqes);
  return 0;
}

// READ and WRITE arrived in 5.6 (with the probe); a kernel without them cannot serve us.
int Ring::CheckOpcodes() {
  const unsigned count = 256;
  const size_t size = sizeof(io_uring_probe) + count * sizeof(io_uring_probe_op);
  auto* probe = static_cast<io_uring_probe*>(calloc(1, size));
  if (probe == nullptr) return -ENOMEM;
  int error = SysRegister(ringFd_, IORING_REGISTER_PROBE, probe, count) < 0 ? -errno : 0;
  for (unsigned op : {IORING_OP_READ, IORING_OP_WRITE, IORING_OP_FSYNC}) {
    if (error == 0 && (op > probe->last_op || (probe->ops[op].flags & IO_URING_OP_SUPPORTED) == 0)) error = -EOPNOTSUPP;
  }
  free(probe);
  return error;
}

int Ring::RegisterEventFd() {
  eventFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (eventFd_ < 0) return -errno;
  return SysRegister(ringFd_, IORING_REGISTER_EVENTFD, &eventFd_, 1) < 0 ? -errno : 0;
}

void Ring::Destroy() {
  if (sqes_ != nullptr) munmap(sqes_, sqesSize_);
  if (cqRing_ != nullptr && cqRing_ != sqRing_) munmap(cqRing_, cqRingSize_);
  if (sqRing_ != nullptr) munmap(sqRing_, sqRingSize_);
  if (eventFd_ >= 0) close(eventFd_);
  if (ringFd_ >= 0) close(ringFd_);  // the kernel frees the ring once nothing uses it
  sqes_ = nullptr;
  cqRing_ = sqRing_ = nullptr;
  eventFd_ = ringFd_ = -1;
  sqUnsubmitted_ = 0;
}

io_uring_sqe* Ring::NextSqe() {
  if (!IsOpen()) return nullptr;
  if (sqLocalTail_ - __atomic_load_n(sqHead_, __ATOMIC_ACQUIRE) >= sqEntries_) return nullptr;
  const unsigned index = sqLocalTail_ & sqMask_;
  sqArray_[index] = index;
  sqLocalTail_++;
  sqUnsubmitted_++;
  io_uring_sqe* sqe = &sqes_[index];
  memset(sqe, 0, sizeof *sqe);
  return sqe;
}

unsigned Ring::Submit(int* error) {
  *error = 0;
  if (sqUnsubmitted_ == 0) return 0;
  __atomic_store_n(sqTail_, sqLocalTail_, __ATOMIC_RELEASE);
  unsigned submitted = 0;
  while (submitted < sqUnsubmitted_) {
    const int taken = SysEnter(ringFd_, sqUnsubmitted_ - submitted, 0, 0);
    if (taken < 0 && errno == EINTR) continue;
    if (taken <= 0) {
      *error = taken < 0 ? -errno : -EAGAIN;
      break;
    }
    submitted += static_cast<unsigned>(taken);
  }
  if (submitted < sqUnsubmitted_) {
    // The kernel has not read these SQEs (it reads only inside io_uring_enter): take them back.
    sqLocalTail_ -= sqUnsubmitted_ - submitted;
    __atomic_store_n(sqTail_, sqLocalTail_, __ATOMIC_RELEASE);
  }
  sqUnsubmitted_ = 0;
  return submitted;
}

int Ring::WaitForCompletion() {
  while (SysEnter(ringFd_, 0, 1, IORING_ENTER_GETEVENTS) < 0) {
    if (errno != EINTR) return -errno;
  }
  return 0;
}

void Ring::DrainEventFd() {
  uint64_t counter;
  while (read(eventFd_, &counter, sizeof counter) < 0 && errno == EINTR) {
  }
}
