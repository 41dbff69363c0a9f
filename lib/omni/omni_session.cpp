#include "omni/omni_session.hpp"

namespace oss::omni {

OmniSession::OmniSession(const boost::asio::any_io_executor& executor, const net::ClientOptions& options,
                         const secret::ApiKey& key, const schedule::SchedulerOptions& scheduler_options)
    : transport_(executor, options),
      scheduler_(executor, scheduler_options,
                 [this](net::Request request, net::WriteStarted write_started) {
                   return transport_.send(std::move(request), std::move(write_started));
                 }),
      client_(scheduler_, transport_.endpoint(), key, options.page_size) {}

}  // namespace oss::omni
