// The JavaScript class `Ring` over one io_uring (ring.h): `submit(ops, count)` runs `count`
// operations as one linked chain and resolves with one result per operation (bytes as a
// number, or an errno name such as "EIO"); `close()` resolves once every queued and in-flight
// operation has completed and the ring is gone. Completions are reaped on the JS thread when
// libuv sees the ring's eventfd readable, so the event loop never blocks.
// Invariants: at most SqCapacity() operations are in flight (chains that do not fit wait in
// FIFO order); an operation's Buffers stay referenced until it completes; while anything is
// queued or in flight the JS object and the poll handle are referenced, otherwise neither is.
#pragma once

#define NAPI_VERSION 8
#include <node_api.h>
#include <uv.h>

#include <cstdint>
#include <deque>
#include <vector>

#include "ring.h"

struct Chain;

/** One operation of a chain; its address is the SQE's user_data. */
struct Op {
  Chain* chain;
  uint32_t kind;  // OpKind
  int fd;
  void* data;
  uint32_t length;
  uint64_t position;
  int32_t result;
};

struct Chain {
  napi_deferred deferred;
  napi_ref keepAlive;  // the JS ops array, which holds the Buffers
  std::vector<Op> ops;
  size_t remaining;
};

class UringBinding {
 public:
  /** The `Ring` constructor for the module's exports. */
  static napi_value DefineClass(napi_env env);
  ~UringBinding() = default;

 private:
  explicit UringBinding(napi_env env) : env_(env) {}

  static napi_value New(napi_env env, napi_callback_info info);
  static napi_value Submit(napi_env env, napi_callback_info info);
  static napi_value Close(napi_env env, napi_callback_info info);
  static void Finalize(napi_env env, void* data, void* hint);
  static void OnReadable(uv_poll_t* handle, int status, int events);
  static void OnPollClosed(uv_handle_t* handle);
  static void OnEnvCleanup(napi_async_cleanup_hook_handle handle, void* data);

  bool Idle() const { return inFlight_ == 0 && waiting_.empty(); }
  /** Starts waiting chains that fit, reaps completions, settles promises; repeats while useful. */
  void Pump(bool fromEventLoop);
  void StartWaiting();
  void Complete(Op* op, int32_t result);
  /** Resolves finished chains (and close promises once torn down). */
  void Settle(bool fromEventLoop);
  napi_value Results(const Chain& chain);
  void UpdateRef();
  void TearDown();
  void DropChain(Chain* chain);

  napi_env env_;
  Ring ring_;
  uv_poll_t poll_{};
  napi_ref wrapper_ = nullptr;
  napi_async_cleanup_hook_handle cleanupHook_ = nullptr;
  std::deque<Chain*> waiting_;
  std::vector<Chain*> finished_;
  std::vector<napi_deferred> closeDeferreds_;
  unsigned inFlight_ = 0;
  bool held_ = false;
  bool closing_ = false;
  bool tornDown_ = false;
  bool pollClosed_ = false;
  bool finalized_ = false;
  bool inEnvCleanup_ = false;
};
