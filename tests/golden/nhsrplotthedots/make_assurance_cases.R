# Writes assurance_cases.json: NHSRplotthedots' own ptd_spc() and summary() on series whose
# limits are undefined (all values equal, so every moving range is screened out and the mean
# moving range is NaN; or a single point), with a target, beside cases whose limits are defined.
# Its ptd_calculate_assurance_type() is
#   target > upl ~ consistent fail (increase) / pass, target < lpl ~ pass / fail,
#   TRUE ~ "inconsistent"
# and a comparison with NaN is NA, which case_when treats as false: so "inconsistent".
#
# Run from a checkout of NHSRplotthedots (nhs-r-community/NHSRplotthedots; the commit is
# recorded in the output's "source"), with dplyr, rlang, tidyselect, magrittr, assertthat,
# ggplot2, scales and stringr installed (Debian 12: apt-get install r-base-core r-cran-dplyr
# r-cran-rlang r-cran-tidyselect r-cran-magrittr r-cran-assertthat r-cran-ggplot2 r-cran-scales
# r-cran-stringr):
#   mkdir -p /tmp/NHSRplotthedots && git -C /path/to/NHSRplotthedots archive 050b07d R |
#     tar -x -C /tmp/NHSRplotthedots
#   Rscript make_assurance_cases.R /tmp/NHSRplotthedots/R 050b07d > assurance_cases.json
# The package's R files are sourced, not installed. Its DESCRIPTION asks for dplyr >= 1.1.0,
# whose case_when() takes .default; with an older dplyr (Debian 12 has 1.0.10) this script
# gives case_when() that argument as the final TRUE ~ .default, which is what .default means.

suppressPackageStartupMessages({ library(dplyr); library(rlang); library(ggplot2) })
if (utils::packageVersion("dplyr") < "1.1.0") {
  case_when_1.0 <- dplyr::case_when
  utils::assignInNamespace("case_when", function(..., .default = NULL) {
    if (is.null(.default)) case_when_1.0(...) else case_when_1.0(..., TRUE ~ .default)
  }, "dplyr")
}
args <- commandArgs(trailingOnly = TRUE)
for (f in list.files(args[1], pattern = "\\.R$", full.names = TRUE)) source(f)

number <- function(x) {
  out <- sprintf("%.17g", as.numeric(x))
  out[is.na(x)] <- "null"
  out
}
text <- function(x) {
  out <- paste0('"', as.character(x), '"')
  out[is.na(x)] <- "null"
  out
}
json_vector <- function(x) {
  paste0("[", paste(if (is.character(x)) text(x) else number(x), collapse = ","), "]")
}
json_object <- function(fields) {
  paste0("{", paste0('"', names(fields), '":', unlist(fields), collapse = ","), "}")
}

months <- function(n) seq(as.Date("2024-01-01"), by = "month", length.out = n)
varied <- c(12, 15, 11, 14, 13, 16, 12, 15, 14, 13, 17, 12, 14, 15, 13, 16, 12, 14, 15, 13)
flat <- rep(5, 20)
one_series <- function(y) data.frame(f = "a", x = months(length(y)), y = y)
two_series <- rbind(
  data.frame(f = "flat", x = months(20), y = flat),
  data.frame(f = "varied", x = months(20), y = varied)
)

# name, data, improvement direction, target, screen_outliers, rebase date, fix_after_n_points
runs <- list(
  list("flat_increase_target_above", one_series(flat), "increase", 7, TRUE, NULL, NULL),
  list("flat_increase_target_below", one_series(flat), "increase", 3, TRUE, NULL, NULL),
  list("flat_decrease_target_above", one_series(flat), "decrease", 7, TRUE, NULL, NULL),
  list("flat_target_on_the_value", one_series(flat), "increase", 5, TRUE, NULL, NULL),
  list("flat_neutral", one_series(flat), "neutral", 7, TRUE, NULL, NULL),
  list("flat_no_target", one_series(flat), "increase", NULL, TRUE, NULL, NULL),
  # Unscreened, the mean MR is 0: limits on the mean, so the target passes or fails.
  list("flat_unscreened_increase", one_series(flat), "increase", 7, FALSE, NULL, NULL),
  list("flat_unscreened_decrease", one_series(flat), "decrease", 7, FALSE, NULL, NULL),
  list("flat_unscreened_on_the_value", one_series(flat), "increase", 5, FALSE, NULL, NULL),
  list("one_point", one_series(5), "increase", 7, TRUE, NULL, NULL),
  list("varied_target_above", one_series(varied), "increase", 30, TRUE, NULL, NULL),
  list("varied_target_inside", one_series(varied), "increase", 14, TRUE, NULL, NULL),
  # The last segment is flat: its limits are undefined, the first segment's are not.
  list("rebased_to_flat", one_series(c(varied[1:12], rep(9, 8))), "increase", 20, TRUE,
       as.Date("2025-01-01"), NULL),
  # Limits fixed on the first 12 points (its least), all equal: undefined for the series.
  list("fixed_on_flat_points", one_series(c(rep(5, 12), varied[1:8])), "decrease", 2, TRUE,
       NULL, 12),
  list("facets_with_targets", two_series, "increase", list(flat = 7, varied = 30), TRUE,
       NULL, NULL),
  # Only the flat facet has a target; the varied one's is NA, and NA > upl falls through too.
  list("facets_one_target", two_series, "increase", list(flat = 7), TRUE, NULL, NULL)
)

cases <- character()
for (run in runs) {
  data <- run[[2]]
  facets <- length(unique(data$f)) > 1
  target <- if (is.list(run[[4]])) do.call(ptd_target, run[[4]]) else run[[4]]
  call <- list(data, value_field = "y", date_field = "x", improvement_direction = run[[3]],
               target = target, screen_outliers = run[[5]],
               fix_after_n_points = run[[7]])
  if (facets) call$facet_field <- "f"
  if (!is.null(run[[6]])) call$rebase <- ptd_rebase(run[[6]])
  s <- suppressWarnings(do.call(ptd_spc, call))
  invisible(utils::capture.output(sm <- summary(s)))  # summary() prints the options
  if (!"assurance_type" %in% names(sm)) sm$assurance_type <- NA_character_
  if (!"f" %in% names(sm)) sm$f <- "a"
  if (!"rebase_group" %in% names(sm)) sm$rebase_group <- 0
  points <- as.data.frame(s)
  cases <- c(cases, json_object(list(
    name = text(run[[1]]),
    improvement = text(run[[3]]),
    target = if (is.null(run[[4]])) "null" else json_object(lapply(
      if (is.list(run[[4]])) run[[4]] else list(a = run[[4]]), number
    )),
    screen_outliers = tolower(run[[5]]),
    rebase = if (is.null(run[[6]])) "null" else text(format(run[[6]])),
    fix_after_n_points = if (is.null(run[[7]])) "null" else number(run[[7]]),
    input = json_object(list(
      f = json_vector(as.character(data$f)),
      x = json_vector(format(data$x)),
      y = json_vector(data$y)
    )),
    points = json_object(list(
      f = json_vector(as.character(points$f)),
      mean_col = json_vector(points$mean_col),
      lpl = json_vector(points$lpl),
      upl = json_vector(points$upl),
      point_type = json_vector(points$point_type)
    )),
    summary = json_object(list(
      f = json_vector(as.character(sm$f)),
      rebase_group = json_vector(sm$rebase_group),
      mean_col = json_vector(sm$mean_col),
      lpl = json_vector(sm$lpl),
      upl = json_vector(sm$upl),
      variation_type = json_vector(sm$variation_type),
      assurance_type = json_vector(sm$assurance_type)
    ))
  )))
}

cat("{\n")
cat('"source": "nhs-r-community/NHSRplotthedots@', args[2], " ptd_spc() and summary(), run by ",
    "make_assurance_cases.R beside this file (", R.version.string, ", dplyr ",
    format(utils::packageVersion("dplyr")), ')",\n', sep = "")
cat('"note": "summary rows are one per facet and rebase group; assurance_type is given on the ',
    'last group of each facet, null where the direction is neutral or there is no target",\n',
    sep = "")
cat('"cases": [\n', paste(cases, collapse = ",\n"), "\n]\n}\n", sep = "")
