using CsCheck;

namespace KinesisFlow.FlowLogs.Tests.Support;

/// <summary>
/// Runs a property over inputs drawn from one fixed seed, so every run checks the same cases (CsCheck's own
/// seed fixes only the first iteration and spreads the rest over threads at random).
/// </summary>
internal static class FixedSample
{
    private const string Seed = "0000kinesisflow1";

    public static void ForEach<T>(Gen<T> gen, int count, Action<T> assert) =>
        gen.Array[count].Sample(
            inputs =>
            {
                foreach (var input in inputs)
                {
                    assert(input);
                }
            },
            seed: Seed,
            iter: 1,
            threads: 1);
}
