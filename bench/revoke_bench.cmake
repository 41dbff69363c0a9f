# P-revoke: the built omni-scim-sync binary against the in-process fake server at Omni's quota; time to the
# leaver's PATCH, read from the server's record.
if(TARGET oss_fake_omni AND TARGET omni-scim-sync)
  add_executable(revoke_bench ${CMAKE_CURRENT_LIST_DIR}/revoke/revoke_bench.cpp)
  target_compile_definitions(revoke_bench PRIVATE OSS_DAEMON_BINARY="$<TARGET_FILE:omni-scim-sync>")
  target_link_libraries(revoke_bench PRIVATE oss_bench_common oss_fake_omni oss_test_support
                                             Boost::json Boost::program_options oss_build_flags)
  add_dependencies(revoke_bench omni-scim-sync)
endif()
