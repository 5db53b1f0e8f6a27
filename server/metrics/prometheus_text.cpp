#include <cmath>
#include <cstdio>

#include "metrics/metrics.h"

namespace hallcast {
namespace {

void appendEscaped(std::string& out, std::string_view s, bool quote_too) {
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote_too) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

}  // namespace

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  appendEscaped(out_, help, false);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

void PrometheusText::counter(std::string_view name, std::string_view help, double v) {
  family(name, "counter", help);
  sample(name, v);
}

void PrometheusText::gauge(std::string_view name, std::string_view help, double v) {
  family(name, "gauge", help);
  sample(name, v);
}

void PrometheusText::sample(std::string_view name, double v) {
  out_ += name;
  value(v);
}

void PrometheusText::sample(std::string_view name, std::string_view label,
                            std::string_view label_value, double v) {
  sample(name, {{label, label_value}}, v);
}

void PrometheusText::sample(
    std::string_view name,
    std::initializer_list<std::pair<std::string_view, std::string_view>> labels, double v) {
  out_ += name;
  out_ += '{';
  bool first = true;
  for (const auto& [label, label_value] : labels) {
    if (!first) out_ += ',';
    first = false;
    out_ += label;
    out_ += "=\"";
    appendEscaped(out_, label_value, true);
    out_ += '"';
  }
  out_ += '}';
  value(v);
}

void PrometheusText::value(double v) {
  char buf[64];
  if (std::isnan(v)) {
    std::snprintf(buf, sizeof buf, " NaN\n");
  } else if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, " %.0f\n", v);
  } else {
    std::snprintf(buf, sizeof buf, " %.17g\n", v);
  }
  out_ += buf;
}

}  // namespace hallcast
