# P-local: parse + plan for N users, each N in its own process, with the Python baseline (baseline_plan.py).
if(TARGET oss_test_support)
  add_executable(plan_bench ${CMAKE_CURRENT_LIST_DIR}/plan/plan_bench.cpp ${CMAKE_CURRENT_LIST_DIR}/plan/workload.cpp)
  target_compile_definitions(plan_bench PRIVATE OSS_BENCH_DIR="${CMAKE_CURRENT_LIST_DIR}")
  target_link_libraries(plan_bench PRIVATE oss_bench_common oss_source oss_plan oss_test_support
                                           Boost::json Boost::program_options oss_build_flags)
endif()
