# The io_uring addon (Linux only), built by `npm install` through native/build.mjs.
{
  "targets": [
    {
      "target_name": "treeline_uring",
      "sources": ["src/ring.cc", "src/uring_binding.cc", "src/ring_lifetime.cc"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra"]
    }
  ]
}
