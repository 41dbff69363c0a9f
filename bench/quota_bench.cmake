# P-quota: the client stack against the in-process fake server's strict sliding window.
if(TARGET oss_fake_omni AND TARGET oss_omni)
  add_executable(quota_bench ${CMAKE_CURRENT_LIST_DIR}/quota/quota_bench.cpp)
  target_link_libraries(quota_bench PRIVATE oss_bench_common oss_omni oss_fake_omni oss_test_support
                                            Boost::json Boost::program_options oss_build_flags)
endif()
