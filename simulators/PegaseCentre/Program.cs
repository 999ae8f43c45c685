using System.Globalization;
using MCIC2.Interop.Adapters.PegaseSoap.Contract;
using MCIC2.Interop.Simulators.PegaseCentre;

// dotnet run --project simulators/PegaseCentre -- [--urls URL] [--hub URL] [--centre CIC35 --departement 35]
//   serves ServicePegase (printing each call received) and, given --hub, reports one fiche to the hub's
//   PegasePasserelle each time Enter is pressed.
string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var urls = Option("--urls", "http://127.0.0.1:5095");
var hub = Option("--hub", "");
var centreCode = Option("--centre", "CIC35");
var departement = Option("--departement", "35");

var clock = TimeProvider.System;
await using var centre = await PegaseCentre.StartAsync(urls, clock);
Console.WriteLine($"ServicePegase at {centre.ServiceAddress} (its WSDL at ?wsdl)");
var printed = 0;
using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
_ = Task.Run(async () =>
{
    while (await timer.WaitForNextTickAsync())
    {
        foreach (var call in centre.Received.Skip(printed))
        {
            Console.WriteLine($"{call.ReceivedAt:O} {call.Operation} {call.Message.IdentifiantMessage} fiche {call.Message.NumeroFiche ?? "-"} from {call.Message.Emetteur}");
            printed++;
        }
    }
});
if (hub.Length == 0)
{
    Console.WriteLine("no --hub: serving only; Ctrl+C to stop");
    await Task.Delay(Timeout.Infinite);
}
var passerelle = new Uri(new Uri(hub), "/pegase/PegasePasserelle.svc");
for (var n = 1; ; n++)
{
    Console.WriteLine($"Enter: report fiche {n} to {passerelle}");
    if (Console.ReadLine() is null) break;
    // Pégase writes local Paris time without offset, as its database does.
    var now = DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime, DateTimeKind.Unspecified);
    var fiche = new Fiche
    {
        NumeroFiche = $"{departement}-{now.Year}-{n.ToString("D7", CultureInfo.InvariantCulture)}",
        Centre = centreCode, Departement = departement, Evenement = TypeEvenement.Creation,
        DateAppel = now.AddMinutes(-5), DateMaj = now, Nature = "INCEND", Operateur = "OP0001",
        Adresse = "2 rue de la Monnaie", CommuneInsee = "35238", CommuneNom = "Rennes",
        CoordX = 352_000m, CoordY = 6_789_000m, Systeme = "L93", Observations = "Feu de cuisine, une personne incommodée",
    };
    try
    {
        var accuse = await PegaseCentre.SignalerAsync(passerelle, fiche);
        Console.WriteLine($"stored as {accuse.IdentifiantDistribution}, incident {accuse.ReferenceHub}");
    }
    catch (System.ServiceModel.FaultException fault)
    {
        Console.WriteLine($"refused: {fault.Code.Name} {fault.Message}");
    }
}
