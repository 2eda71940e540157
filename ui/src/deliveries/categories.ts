// The nine status categories in the help article's words, each with its tone. The chip adds
// an icon so status is never told by colour alone.
import type { StatusCategory } from "../api/generated";
import type { Tone } from "../design/primitives";

export const CATEGORY_LABEL: Record<StatusCategory, string> = {
  success: "Success",
  redirection_error: "Redirection Error",
  too_many_requests_error: "Too Many Requests Error",
  client_error: "Client Error",
  server_error: "Server Error",
  network_error: "Network Error",
  timeout_error: "Timeout Error",
  auth_config_error: "Auth Config Error",
  internal_error: "Internal Error",
};

export const CATEGORY_TONE: Record<StatusCategory, Tone> = {
  success: "success",
  redirection_error: "warning",
  too_many_requests_error: "warning",
  client_error: "danger",
  server_error: "danger",
  network_error: "danger",
  timeout_error: "danger",
  auth_config_error: "danger",
  internal_error: "danger",
};
