// The lifetime of a `Ring` object (uring_binding.h): which references keep it and its poll
// handle alive, teardown once closed and idle, collection by the GC, and environment teardown
// (process or worker exit) with operations still in flight.
// Invariant: the ring is unmapped and closed only when no operation is in flight (the kernel
// may write into a read's Buffer until its completion), and the C++ object is deleted only once
// both the JS object is finalized and the poll handle's close callback has run.
#include "uring_binding.h"

void UringBinding::UpdateRef() {
  const bool busy = !Idle() || !closeDeferreds_.empty();
  if (busy == held_ || wrapper_ == nullptr) return;
  held_ = busy;
  uint32_t count = 0;
  if (busy) napi_reference_ref(env_, wrapper_, &count);
  else napi_reference_unref(env_, wrapper_, &count);
  if (tornDown_) return;
  if (busy) uv_ref(reinterpret_cast<uv_handle_t*>(&poll_));
  else uv_unref(reinterpret_cast<uv_handle_t*>(&poll_));
}

// Requires: Idle(), so the kernel no longer touches any Buffer of ours.
void UringBinding::TearDown() {
  tornDown_ = true;
  uv_close(reinterpret_cast<uv_handle_t*>(&poll_), OnPollClosed);  // stops watching the eventfd
  ring_.Destroy();
  if (cleanupHook_ != nullptr && !inEnvCleanup_) {
    napi_remove_async_cleanup_hook(cleanupHook_);
    cleanupHook_ = nullptr;
  }
}

void UringBinding::OnPollClosed(uv_handle_t* handle) {
  auto* ring = static_cast<UringBinding*>(handle->data);
  ring->pollClosed_ = true;
  if (ring->cleanupHook_ != nullptr) {  // only left set during environment teardown: signal done
    napi_remove_async_cleanup_hook(ring->cleanupHook_);
    ring->cleanupHook_ = nullptr;
  }
  if (ring->finalized_) delete ring;
}

// The JS object was collected: it was idle (busy rings hold a strong reference).
void UringBinding::Finalize(napi_env env, void* data, void*) {
  auto* ring = static_cast<UringBinding*>(data);
  ring->finalized_ = true;
  napi_delete_reference(env, ring->wrapper_);
  ring->wrapper_ = nullptr;
  if (!ring->tornDown_) ring->TearDown();
  if (ring->pollClosed_) delete ring;
}

// The environment (process or worker) is going away with the ring still open: wait for the
// kernel to finish with our Buffers, drop the promises (no JS runs any more), then tear down.
void UringBinding::OnEnvCleanup(napi_async_cleanup_hook_handle, void* data) {
  auto* ring = static_cast<UringBinding*>(data);
  ring->inEnvCleanup_ = true;
  while (ring->inFlight_ > 0) {
    ring->ring_.Reap([ring](uint64_t userData, int32_t result) { ring->Complete(reinterpret_cast<Op*>(userData), result); });
    if (ring->inFlight_ > 0 && ring->ring_.WaitForCompletion() != 0) break;
  }
  for (Chain* chain : ring->finished_) ring->DropChain(chain);
  for (Chain* chain : ring->waiting_) ring->DropChain(chain);
  ring->finished_.clear();
  ring->waiting_.clear();
  ring->TearDown();
}

void UringBinding::DropChain(Chain* chain) {
  napi_delete_reference(env_, chain->keepAlive);
  delete chain;
}
