# P-incremental: sync --incremental next to sync, and the daemon's watch latency; the built omni-scim-sync binary
# against the in-process fake server, requests counted by the server.
if(TARGET oss_fake_omni AND TARGET omni-scim-sync)
  add_executable(incremental_bench ${CMAKE_CURRENT_LIST_DIR}/incremental/incremental_bench.cpp)
  target_compile_definitions(incremental_bench PRIVATE OSS_DAEMON_BINARY="$<TARGET_FILE:omni-scim-sync>")
  target_link_libraries(incremental_bench PRIVATE oss_bench_common oss_fake_omni oss_test_support
                                                  Boost::json Boost::program_options oss_build_flags)
  add_dependencies(incremental_bench omni-scim-sync)
endif()
