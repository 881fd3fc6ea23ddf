# Writes prime_cases.json: qicharts2 0.8.1's own qic(chart = "pp" / "up", return.data = TRUE)
# on fixed inputs with large jumps, so the moving ranges of z that reach 3.267 x their mean are
# screened out before sigma_z is taken (qic.pp and qic.up in R/helper.functions.R, under
# options(qic.screenedmr = TRUE), which library(qicharts2) sets in .onAttach). Every case is
# also run with qic.screenedmr = FALSE ("unscreened"), to show that the screening changes it.
#
# Run from a checkout of qicharts2 at version 0.8.1 (anhoej/qicharts2, commit a269fd0, "Prepare
# release."; the commit is recorded in the output's "source"), with ggplot2 and scales installed
# (Debian 12: apt-get install r-base-core r-cran-ggplot2 r-cran-scales):
#   mkdir -p /tmp/qicharts2 && git -C /path/to/qicharts2 archive a269fd0 R |
#     tar -x -C /tmp/qicharts2
#   Rscript make_prime_cases.R /tmp/qicharts2/R a269fd0 > prime_cases.json
# The package's R files are sourced, not installed; sysdata.rda (the textbook tables) is not
# needed.

suppressPackageStartupMessages({ library(ggplot2); library(scales) })
args <- commandArgs(trailingOnly = TRUE)
for (f in list.files(args[1], pattern = "\\.R$", full.names = TRUE)) source(f)
.onAttach()  # the options library(qicharts2) sets: qic.screenedmr = TRUE among them

number <- function(x) {
  out <- sprintf("%.17g", as.numeric(x))
  out[is.na(x)] <- "null"
  out
}
json_vector <- function(x) {
  if (is.logical(x)) {
    out <- tolower(as.character(x))
    out[is.na(x)] <- "null"
    return(paste0("[", paste(out, collapse = ","), "]"))
  }
  paste0("[", paste(number(x), collapse = ","), "]")
}
json_object <- function(fields) {
  paste0("{", paste0('"', names(fields), '":', unlist(fields), collapse = ","), "}")
}
json_int_or_null <- function(x) if (is.null(x)) "null" else json_vector(x)

# Inputs: fixed numbers, written into the output so the tests read them rather than draw them.
set.seed(20261212)
n30 <- round(runif(30, 400, 1600))
p30 <- rbinom(30, n30, plogis(rnorm(30, qlogis(0.12), 0.15)))
spike_p <- p30
spike_p[17] <- round(0.45 * n30[17])  # one point far above: two large moving ranges of z
step_p <- p30
step_p[21:30] <- rbinom(10, n30[21:30], 0.30)  # a step: one large moving range of z
e24 <- round(runif(24, 2000, 9000))
u24 <- rpois(24, e24 * 0.004 * exp(rnorm(24, 0, 0.2)))
spikes_u <- u24
spikes_u[c(6, 15)] <- round(e24[c(6, 15)] * c(0.02, 0.0004))  # one up, one down
calm_u <- round(e24 * 0.004 * (1 + 0.3 * sin(1:24)))  # no large jump: nothing screened
n40 <- round(runif(40, 150, 700))
parts_p <- rbinom(40, n40, plogis(rnorm(40, qlogis(0.25), 0.25)))
parts_p[c(8, 31)] <- round(n40[c(8, 31)] * c(0.75, 0.02))  # a jump in each part
parts_p[12] <- round(n40[12] * 0.9)  # an excluded point: its jump is not in the limits

inputs <- list(
  p_spike = list(y = spike_p, n = n30),
  p_step = list(y = step_p, n = n30),
  u_spikes = list(y = spikes_u, n = e24),
  u_calm = list(y = calm_u, n = e24),
  p_parts = list(y = parts_p, n = n40)
)

# name, input, chart, multiply, freeze, part, exclude (part and exclude: 1-based positions,
# qic's own arguments; part = 20 starts a new part after the 20th point)
runs <- list(
  list("pp_spike", "p_spike", "pp", 1, NULL, NULL, NULL),
  list("pp_step", "p_step", "pp", 100, NULL, NULL, NULL),
  list("pp_step_frozen", "p_step", "pp", 1, 20, NULL, NULL),
  list("up_spikes", "u_spikes", "up", 1000, NULL, NULL, NULL),
  list("up_calm", "u_calm", "up", 1, NULL, NULL, NULL),
  list("up_spikes_frozen", "u_spikes", "up", 1, 16, NULL, NULL),
  list("pp_parts_excluded", "p_parts", "pp", 1, NULL, 20, 12),
  list("up_parts_excluded", "p_parts", "up", 1, NULL, 20, c(12, 31))
)
columns <- c("y", "cl", "lcl", "ucl", "lcl.95", "ucl.95", "sigma.signal", "runs.signal",
             "n.useful", "longest.run", "longest.run.max", "n.crossings", "n.crossings.min")

run_qic <- function(run, screened) {
  options(qic.screenedmr = screened)
  data <- inputs[[run[[2]]]]
  x <- seq_along(data$y)
  d <- qic(x, data$y, data$n, chart = run[[3]], multiply = run[[4]], freeze = run[[5]],
           part = run[[6]], exclude = run[[7]], return.data = TRUE)
  fields <- list()
  for (column in columns) fields[[column]] <- json_vector(d[[column]])
  json_object(fields)
}

cases <- character()
for (run in runs) {
  cases <- c(cases, json_object(list(
    name = paste0('"', run[[1]], '"'),
    input = paste0('"', run[[2]], '"'),
    chart = paste0('"', run[[3]], '"'),
    multiply = number(run[[4]]),
    freeze = json_int_or_null(run[[5]]),
    part = json_int_or_null(run[[6]]),
    exclude = json_int_or_null(run[[7]]),
    screened = run_qic(run, TRUE),
    unscreened = run_qic(run, FALSE)
  )))
}
options(qic.screenedmr = TRUE)

input_json <- sapply(inputs, function(d) json_object(list(
  y = json_vector(d$y),
  n = json_vector(d$n)
)))
cat("{\n")
cat('"source": "anhoej/qicharts2@', args[2], " (version 0.8.1) qic(x, y, n, chart, multiply, ",
    "freeze, part, exclude, return.data = TRUE), x = 1, 2, ..., run by make_prime_cases.R ",
    "beside this file (", R.version.string, ')",\n', sep = "")
cat('"note": "screened: options(qic.screenedmr = TRUE), as library(qicharts2) sets; ',
    'unscreened: FALSE. part and exclude are 1-based positions",\n', sep = "")
cat('"inputs": ', json_object(input_json), ",\n", sep = "")
cat('"cases": [\n', paste(cases, collapse = ",\n"), "\n]\n}\n", sep = "")
