# Writes funnel_plot_cases.json: FunnelPlotR's own funnel_plot() on fixed inputs, for every
# data type, SR method, limit, multiplier, with and without the overdispersion adjustment
# (without: draw_adjusted = FALSE, draw_unadjusted = TRUE; with both FALSE FunnelPlotR draws
# no limits and flags no outliers).
#
# Run from a checkout of FunnelPlotR (nhs-r-community/FunnelPlotR; the commit is recorded in
# the output's "source"), with ggplot2, dplyr, ggrepel, rlang and scales installed:
#   Rscript make_cases.R /path/to/FunnelPlotR/R 9020d49 > funnel_plot_cases.json
# The package's R files are sourced, not installed, so an older ggplot2 than its DESCRIPTION
# asks for will do: only the plot object's class check needs the newer one, and it checks the
# shape of the returned list, not a number.

suppressPackageStartupMessages({
  library(ggplot2); library(dplyr); library(ggrepel); library(rlang); library(scales)
})
args <- commandArgs(trailingOnly = TRUE)
for (f in list.files(args[1], pattern = "\\.R$", full.names = TRUE)) source(f)
validate_funnel_plot <- function(funnelplot) funnelplot

number <- function(x) {
  out <- sprintf("%.17g", x)
  out[is.na(x)] <- "null"
  out
}
json_vector <- function(x) {
  if (is.character(x) || is.factor(x)) {
    paste0("[", paste0('"', as.character(x), '"', collapse = ","), "]")
  } else {
    paste0("[", paste(number(x), collapse = ","), "]")
  }
}
json_object <- function(fields) {
  paste0("{", paste0('"', names(fields), '":', unlist(fields), collapse = ","), "}")
}

# Inputs: fixed numbers, written into the output so the tests read them rather than draw them.
set.seed(20261207)
six <- data.frame(  # tests/testthat/test-funnel_plot.R's data
  group = c("a", "b", "c", "d", "e", "f"),
  numerator = c(100, 150, 180, 80, 120, 225),
  denominator = c(108, 112, 165, 95, 100, 220)
)
expected <- round(runif(40, 8, 600), 3)  # three decimals: SHMI rounds them to two
sr_wide <- data.frame(
  group = sprintf("T%02d", 1:40),
  numerator = rpois(40, expected * exp(rnorm(40, 0, 0.15))),
  denominator = expected
)
sr_close <- data.frame(  # observed near expected: phi below 1, so no adjustment
  group = sprintf("U%02d", 1:30),
  numerator = round(expected[1:30] + rnorm(30, 0, 0.4 * sqrt(expected[1:30]))),
  denominator = expected[1:30]
)
admissions <- c(3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 45, 60, 80, 100, 150,
                200, 300, 400, 500, 700, 900, 1200, 1500, 2000, 2500)
pr <- data.frame(
  group = sprintf("W%02d", seq_along(admissions)),
  numerator = rbinom(length(admissions), admissions, plogis(rnorm(length(admissions), -2, 0.35))),
  denominator = admissions
)
baseline <- round(runif(30, 5, 400))
rc <- data.frame(
  group = sprintf("R%02d", 1:30),
  numerator = rpois(30, baseline * exp(rnorm(30, 0.1, 0.25))),
  denominator = baseline
)
rc$numerator[3] <- 0  # a zero count: the 0.5 continuity correction keeps its log finite
inputs <- list(six_trusts = six, sr_wide = sr_wide, sr_close = sr_close, pr = pr, rc = rc)

runs <- list(
  list("six_trusts", "SR", "SHMI"), list("six_trusts", "SR", "CQC"),
  list("sr_wide", "SR", "SHMI"), list("sr_wide", "SR", "CQC"),
  list("sr_close", "SR", "SHMI"), list("sr_close", "SR", "CQC"),
  list("pr", "PR", "SHMI"), list("rc", "RC", "SHMI"), list("six_trusts", "RC", "SHMI")
)
limit_columns <- c("LCL95", "UCL95", "LCL99", "UCL99", "OD95LCL", "OD95UCL", "OD99LCL", "OD99UCL")

cases <- character()
for (run in runs) {
  for (draw_adjusted in c(TRUE, FALSE)) {
    for (limit in c(95, 99)) {
      for (multiplier in c(1, 100)) {
        if (multiplier == 100 && limit == 95) next  # one multiplied case per run is enough
        data <- inputs[[run[[1]]]]
        fp <- suppressMessages(funnel_plot(
          data, numerator, denominator, group,
          data_type = run[[2]], sr_method = run[[3]], limit = limit,
          draw_adjusted = draw_adjusted, draw_unadjusted = !draw_adjusted,
          multiplier = multiplier
        ))
        rows <- fp$aggregated_data
        fields <- list(
          group = json_vector(rows$group),
          numerator = json_vector(rows$numerator),
          denominator = json_vector(rows$denominator),
          rr = json_vector(rows$rr),
          outlier = json_vector(rows$outlier)
        )
        for (column in limit_columns) fields[[column]] <- json_vector(rows[[column]])
        cases <- c(cases, json_object(list(
          input = paste0('"', run[[1]], '"'),
          data_type = paste0('"', run[[2]], '"'),
          sr_method = paste0('"', run[[3]], '"'),
          draw_adjusted = tolower(draw_adjusted),
          draw_unadjusted = tolower(!draw_adjusted),
          limit = limit,
          multiplier = multiplier,
          phi = number(fp$phi),
          tau2 = number(fp$tau2),
          adjusted = tolower(fp$draw_adjusted),
          rows = json_object(fields)
        )))
      }
    }
  }
}

input_json <- sapply(inputs, function(d) json_object(list(
  group = json_vector(d$group),
  numerator = json_vector(d$numerator),
  denominator = json_vector(d$denominator)
)))
cat("{\n")
cat('"source": "nhs-r-community/FunnelPlotR@', args[2],
    ' funnel_plot(), run by make_cases.R beside this file (', R.version.string, ')",\n', sep = "")
cat('"note": "phi and tau2 are 0 when draw_adjusted is false: FunnelPlotR sets them so",\n')
cat('"inputs": ', json_object(input_json), ",\n", sep = "")
cat('"cases": [\n', paste(cases, collapse = ",\n"), "\n]\n}\n", sep = "")
