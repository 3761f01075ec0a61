// The OpenTelemetry SDK listens to meters by name, so every host's MeterProvider in this process also sees the
// "KinesisFlow" meters of hosts started by other test classes: run the classes one after another so that a scrape only
// ever sees its own host's instruments (the whole assembly takes a few seconds).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
