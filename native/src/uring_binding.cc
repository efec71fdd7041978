// The `Ring` class: argument parsing, chain queueing, completion reaping and promise settling
// (the object's lifetime is in ring_lifetime.cc); see uring_binding.h.
// Ops array layout given to submit: 4 slots per operation,
//   [kind (0 read, 1 write, 2 fsync, 3 fdatasync), fd, Buffer (null for syncs), position].
#include "uring_binding.h"

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace {

enum OpKind : uint32_t { kRead = 0, kWrite = 1, kFsync = 2, kFdatasync = 3 };

// A single transfer moves at most 1 GiB; the caller resubmits the rest like any short transfer.
constexpr uint32_t kMaxTransfer = 1u << 30;

napi_value ErrnoError(napi_env env, int error, const char* what) {
  const std::string text = std::string(what) + ": " + strerror(-error);
  napi_value code, message, result;
  napi_create_string_utf8(env, uv_err_name(error), NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, text.c_str(), NAPI_AUTO_LENGTH, &message);
  napi_create_error(env, code, message, &result);
  return result;
}

napi_value Throw(napi_env env, const char* message) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
  return nullptr;
}

void Prepare(io_uring_sqe* sqe, Op& op, bool linkNext) {
  switch (op.kind) {
    case kRead:
    case kWrite:
      sqe->opcode = op.kind == kRead ? IORING_OP_READ : IORING_OP_WRITE;
      sqe->addr = reinterpret_cast<uint64_t>(op.data);
      sqe->len = op.length;
      sqe->off = op.position;
      break;
    default:
      sqe->opcode = IORING_OP_FSYNC;
      sqe->fsync_flags = op.kind == kFdatasync ? IORING_FSYNC_DATASYNC : 0;
  }
  sqe->fd = op.fd;
  sqe->user_data = reinterpret_cast<uint64_t>(&op);
  if (linkNext) sqe->flags |= IOSQE_IO_LINK;
}

/** Reads slot `index` of the ops array into `op`; false on a malformed entry. */
bool ParseOp(napi_env env, napi_value ops, uint32_t index, Op& op) {
  napi_value kind, fd, buffer, position;
  if (napi_get_element(env, ops, index * 4, &kind) != napi_ok || napi_get_element(env, ops, index * 4 + 1, &fd) != napi_ok ||
      napi_get_element(env, ops, index * 4 + 2, &buffer) != napi_ok || napi_get_element(env, ops, index * 4 + 3, &position) != napi_ok) {
    return false;
  }
  int64_t at = 0;
  if (napi_get_value_uint32(env, kind, &op.kind) != napi_ok || op.kind > kFdatasync) return false;
  if (napi_get_value_int32(env, fd, &op.fd) != napi_ok) return false;
  if (napi_get_value_int64(env, position, &at) != napi_ok || at < 0) return false;
  op.position = static_cast<uint64_t>(at);
  op.data = nullptr;
  op.length = 0;
  if (op.kind == kRead || op.kind == kWrite) {
    bool isTyped = false;
    napi_typedarray_type type;
    size_t length = 0;
    if (napi_is_typedarray(env, buffer, &isTyped) != napi_ok || !isTyped) return false;
    if (napi_get_typedarray_info(env, buffer, &type, &length, &op.data, nullptr, nullptr) != napi_ok || type != napi_uint8_array) return false;
    op.length = length > kMaxTransfer ? kMaxTransfer : static_cast<uint32_t>(length);
  }
  return true;
}

}  // namespace

napi_value UringBinding::DefineClass(napi_env env) {
  napi_property_descriptor methods[] = {
      {"submit", nullptr, Submit, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"close", nullptr, Close, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_value constructor = nullptr;
  napi_define_class(env, "Ring", NAPI_AUTO_LENGTH, New, nullptr, 2, methods, &constructor);
  return constructor;
}

napi_value UringBinding::New(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], self;
  uint32_t entries = 0;
  if (napi_get_cb_info(env, info, &argc, argv, &self, nullptr) != napi_ok || argc < 1 ||
      napi_get_value_uint32(env, argv[0], &entries) != napi_ok) {
    return Throw(env, "new Ring(entries): entries must be a positive integer");
  }
  auto binding = std::unique_ptr<UringBinding>(new UringBinding(env));
  const int error = binding->ring_.Setup(entries);
  if (error != 0) {
    napi_throw(env, ErrnoError(env, error, "io_uring_setup failed"));
    return nullptr;
  }
  uv_loop_s* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok || uv_poll_init(loop, &binding->poll_, binding->ring_.EventFd()) != 0) {
    napi_throw_error(env, "EIO", "io_uring: could not watch the completion eventfd");
    return nullptr;
  }
  UringBinding* ring = binding.release();  // owned by the wrap from here; freed in OnPollClosed
  ring->poll_.data = ring;
  uv_poll_start(&ring->poll_, UV_READABLE, OnReadable);
  uv_unref(reinterpret_cast<uv_handle_t*>(&ring->poll_));
  napi_wrap(env, self, ring, Finalize, nullptr, &ring->wrapper_);
  napi_add_async_cleanup_hook(env, OnEnvCleanup, ring, &ring->cleanupHook_);
  napi_value capacity;
  napi_create_uint32(env, ring->ring_.SqCapacity(), &capacity);
  napi_property_descriptor property = {"capacity", nullptr, nullptr, nullptr, nullptr, capacity, napi_enumerable, nullptr};
  napi_define_properties(env, self, 1, &property);
  return self;
}

napi_value UringBinding::Submit(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], self;
  UringBinding* ring = nullptr;
  uint32_t count = 0;
  bool isArray = false;
  if (napi_get_cb_info(env, info, &argc, argv, &self, nullptr) != napi_ok || argc < 2 ||
      napi_unwrap(env, self, reinterpret_cast<void**>(&ring)) != napi_ok || napi_is_array(env, argv[0], &isArray) != napi_ok || !isArray ||
      napi_get_value_uint32(env, argv[1], &count) != napi_ok) {
    return Throw(env, "ring.submit(ops, count): expected an ops array and a count");
  }
  if (count == 0 || count > ring->ring_.SqCapacity()) return Throw(env, "ring.submit: count must be from 1 to the ring's capacity");
  auto chain = std::make_unique<Chain>();
  chain->ops.resize(count);
  for (uint32_t i = 0; i < count; i++) {
    chain->ops[i].chain = chain.get();
    if (!ParseOp(env, argv[0], i, chain->ops[i])) return Throw(env, "ring.submit: malformed operation");
  }
  napi_value promise;
  napi_create_promise(env, &chain->deferred, &promise);
  if (ring->closing_ || ring->tornDown_) {
    napi_reject_deferred(env, chain->deferred, ErrnoError(env, -ESHUTDOWN, "io_uring: the ring is closed"));
    return promise;
  }
  napi_create_reference(env, argv[0], 1, &chain->keepAlive);
  chain->remaining = count;
  ring->waiting_.push_back(chain.release());
  ring->Pump(false);
  return promise;
}

napi_value UringBinding::Close(napi_env env, napi_callback_info info) {
  napi_value self, promise;
  UringBinding* ring = nullptr;
  napi_deferred deferred;
  if (napi_get_cb_info(env, info, nullptr, nullptr, &self, nullptr) != napi_ok ||
      napi_unwrap(env, self, reinterpret_cast<void**>(&ring)) != napi_ok) {
    return Throw(env, "ring.close(): not a Ring");
  }
  napi_create_promise(env, &deferred, &promise);
  if (ring->tornDown_) {
    napi_value undefined;
    napi_get_undefined(env, &undefined);
    napi_resolve_deferred(env, deferred, undefined);
    return promise;
  }
  ring->closing_ = true;
  ring->closeDeferreds_.push_back(deferred);
  ring->Pump(false);  // tears down at once when idle, else after the last completion
  return promise;
}

void UringBinding::OnReadable(uv_poll_t* handle, int, int) {
  auto* ring = static_cast<UringBinding*>(handle->data);
  if (ring->tornDown_) return;
  ring->ring_.DrainEventFd();  // before reaping: a completion posted after this re-arms the poll
  ring->Pump(true);
}

void UringBinding::Pump(bool fromEventLoop) {
  while (true) {
    StartWaiting();
    const unsigned reaped = ring_.Reap([this](uint64_t userData, int32_t result) { Complete(reinterpret_cast<Op*>(userData), result); });
    if (reaped == 0 || waiting_.empty()) break;
  }
  if (closing_ && !tornDown_ && Idle()) TearDown();
  Settle(fromEventLoop);
  UpdateRef();
}

void UringBinding::StartWaiting() {
  std::vector<Op*> pushed;
  while (!waiting_.empty() && inFlight_ + waiting_.front()->ops.size() <= ring_.SqCapacity()) {
    Chain* chain = waiting_.front();
    waiting_.pop_front();
    const size_t count = chain->ops.size();
    for (size_t i = 0; i < count; i++) {
      io_uring_sqe* sqe = ring_.NextSqe();
      // Every earlier SQE was submitted or withdrawn, and in flight <= SQ size, so there is room;
      // a missing slot would leave the previous SQE linked into an unrelated chain.
      if (sqe == nullptr) napi_fatal_error("treeline io_uring", NAPI_AUTO_LENGTH, "submission queue unexpectedly full", NAPI_AUTO_LENGTH);
      Prepare(sqe, chain->ops[i], i + 1 < count);
      pushed.push_back(&chain->ops[i]);
      inFlight_++;
    }
  }
  if (pushed.empty()) return;
  int error = 0;
  const unsigned submitted = ring_.Submit(&error);
  for (size_t i = submitted; i < pushed.size(); i++) Complete(pushed[i], error);
}

void UringBinding::Complete(Op* op, int32_t result) {
  op->result = result;
  inFlight_--;
  if (--op->chain->remaining == 0) finished_.push_back(op->chain);
}

napi_value UringBinding::Results(const Chain& chain) {
  napi_value results, value;
  napi_create_array_with_length(env_, chain.ops.size(), &results);
  for (size_t i = 0; i < chain.ops.size(); i++) {
    const int32_t result = chain.ops[i].result;
    if (result >= 0) napi_create_int32(env_, result, &value);
    else napi_create_string_utf8(env_, uv_err_name(result), NAPI_AUTO_LENGTH, &value);
    napi_set_element(env_, results, static_cast<uint32_t>(i), value);
  }
  return results;
}

void UringBinding::Settle(bool fromEventLoop) {
  std::vector<Chain*> chains;
  std::vector<napi_deferred> closes;
  chains.swap(finished_);
  if (tornDown_) closes.swap(closeDeferreds_);
  if (chains.empty() && closes.empty()) return;
  // Outside a JS call, a callback scope makes promise reactions run when it closes.
  napi_handle_scope handleScope = nullptr;
  napi_async_context context = nullptr;
  napi_callback_scope callbackScope = nullptr;
  if (fromEventLoop) {
    napi_value resource, name;
    napi_open_handle_scope(env_, &handleScope);
    napi_create_object(env_, &resource);
    napi_create_string_utf8(env_, "TreelineIoUring", NAPI_AUTO_LENGTH, &name);
    napi_async_init(env_, resource, name, &context);
    napi_open_callback_scope(env_, resource, context, &callbackScope);
  }
  for (Chain* chain : chains) {
    napi_resolve_deferred(env_, chain->deferred, Results(*chain));
    napi_delete_reference(env_, chain->keepAlive);
    delete chain;
  }
  napi_value undefined;
  napi_get_undefined(env_, &undefined);
  for (napi_deferred deferred : closes) napi_resolve_deferred(env_, deferred, undefined);
  if (fromEventLoop) {
    napi_close_callback_scope(env_, callbackScope);
    napi_async_destroy(env_, context);
    napi_close_handle_scope(env_, handleScope);
  }
}

NAPI_MODULE_INIT() {
  napi_set_named_property(env, exports, "Ring", UringBinding::DefineClass(env));
  return exports;
}
